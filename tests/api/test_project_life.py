"""Project life over the API and on the pages (issue 20): the project detail's approval
items (required, due date, actual days, late), its 前期手续 board, resource needs with their
gaps and pool status; the pipeline stages as filters; the unit's board and totals on the
district page. Expected values worked out by hand (tests/projects/test_project_life.py)."""

import datetime
from decimal import Decimal

import pytest

from core.roles import Role
from projects import pipeline
from projects.choices import Stage
from projects.models import ResourceNeed
from tests.factories import ApprovalItemFactory, ProjectFactory, official_user

D = datetime.date


@pytest.fixture
def reserve(world):
    project = world.hualong.project
    project.stage = Stage.PRELIMINARY
    project.save()
    ApprovalItemFactory(
        project=project,
        name="项目备案",
        required=True,
        promised_days=10,
        applied_on=D(2023, 1, 2),
        approved_on=D(2023, 2, 20),
    )
    ApprovalItemFactory(
        project=project,
        name="环评",
        required=True,
        promised_days=10,
        applied_on=D(2023, 1, 2),
        approved_on=D(2023, 1, 16),
    )
    ResourceNeed.objects.create(project=project, kind="land", needed=120, secured=80)
    ResourceNeed.objects.create(project=project, kind="funding", needed=50000, secured=50000)
    review = pipeline.pool_propose(project=project, user=official_user(Role.CITY_ADMIN))
    pipeline.pool_approve(review=review, reviewer=official_user(Role.CITY_ADMIN))
    return project


def test_project_detail_carries_its_preliminary_board_needs_and_pool(world, reserve):
    body = world.client("anonymous").get(f"/api/v1/projects/{reserve.code}/").json()
    assert body["stage"] == "preliminary"
    assert body["pool_status"] == "approved"
    items = {item["name"]: item for item in body["approval_items"]}
    late = items["项目备案"]
    assert (late["due_date"], late["actual_days"], late["late"], late["required"]) == (
        "2023-01-16",
        32,
        True,
        True,
    )
    assert (items["环评"]["actual_days"], items["环评"]["late"]) == (10, False)
    assert body["preliminary"] == {"required": 2, "done": 2, "late": 1}
    needs = {need["kind"]: need for need in body["resource_needs"]}
    assert needs["land"] | {"kind_label": None} == {
        "kind": "land",
        "kind_label": None,
        "unit": "亩",
        "needed": "120.00",
        "secured": "80.00",
        "gap": "40.00",
        "note": "",
    }
    assert (needs["funding"]["unit"], needs["funding"]["gap"]) == ("万元", "0.00")


def test_the_pipeline_stages_filter_the_list(world, reserve):
    ProjectFactory(district=reserve.district, stage=Stage.RESERVE, code="hl-reserve")
    client = world.client("anonymous")
    for stage, expected in (("preliminary", [reserve.code]), ("reserve", ["hl-reserve"])):
        response = client.get("/api/v1/projects/", {"stage": stage})
        assert [row["code"] for row in response.json()["results"]] == expected


def test_the_project_page_and_the_district_page_show_the_boards(world, reserve, client):
    page = client.get(f"/projects/{reserve.code}/").content.decode()
    assert 'data-figure="required">2<' in page and 'data-figure="late">1<' in page
    assert "2023-01-16" in page and 'data-kind="land"' in page
    district = client.get(f"/districts/{reserve.district.code}/?year=2022&month=12")
    text = district.content.decode()
    # As of 31 December 2022 nothing was applied for yet: required 2, done 0, late 0.
    assert 'data-figure="preliminary-required">2<' in text
    assert 'data-figure="preliminary-late">0<' in text
    assert district.context["resources"][0]["gap"] == Decimal("40.00")
