"""Project life over the API and on the pages (issue 20): the project detail's approval
items (required, due date, actual days, late), its 前期手续 board, resource needs with their
gaps and pool status; the pipeline stages as filters; the unit's board and totals on the
district page. Expected values worked out by hand (tests/projects/test_project_life.py)."""

import datetime
from decimal import Decimal

import pytest

from core.models import PeriodStatus, ReportingPeriod
from core.roles import Role
from projects import pipeline
from projects.choices import Stage
from projects.models import ResourceNeed
from tests.factories import ApprovalItemFactory, ProjectFactory, RoundFactory, official_user

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
    ApprovalItemFactory(  # not applied for yet: no due date, not late
        project=project,
        name="施工许可",
        required=False,
        promised_days=20,
        applied_on=None,
        approved_on=None,
    )
    ResourceNeed.objects.create(project=project, kind="land", needed=120, secured=80)
    ResourceNeed.objects.create(project=project, kind="funding", needed=50000, secured=50000)
    # The world's project was proposed for the pool (tests/world.py): the city approves it.
    pipeline.pool_approve(review=project.pool_review, reviewer=official_user(Role.CITY_ADMIN))
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
    assert (items["施工许可"]["due_date"], items["施工许可"]["late"]) == (None, False)
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
    assert 'data-figure="pool">已入库<' in page
    district = client.get(f"/districts/{reserve.district.code}/?year=2022&month=12")
    text = district.content.decode()
    # As of 31 December 2022 nothing was applied for yet: required 2, done 0, late 0.
    assert 'data-figure="preliminary-required">2<' in text
    assert 'data-figure="preliminary-late">0<' in text
    assert district.context["resources"][0]["gap"] == Decimal("40.00")


def test_the_pool_review_in_the_api_with_four_eyes(world):
    project = ProjectFactory(district=world.hualong.district, stage=Stage.RESERVE, code="hl-r")
    reporter, city = world.client("reporter"), world.client("city_admin")
    # Not a pipeline project, or another unit's: 400 with the field, 403.
    signed = ProjectFactory(district=world.hualong.district, stage=Stage.SIGNED, code="hl-s")
    refused = reporter.post("/api/v1/pool-reviews/", {"project": signed.code}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()
    other = world.client("other_reporter").post(
        "/api/v1/pool-reviews/", {"project": project.code}, format="json"
    )
    assert other.status_code == 400 and "project" in other.json()  # not a code it may pick
    created = reporter.post(
        "/api/v1/pool-reviews/", {"project": project.code, "reason": "补链项目"}, format="json"
    )
    assert created.status_code == 201, created.content
    review = created.json()
    assert (review["status"], review["stage"], review["reason"]) == (
        "proposed",
        "reserve",
        "补链项目",
    )
    url = f"/api/v1/pool-reviews/{review['id']}/"
    # The district's reviewer is no city reviewer; the city approves or returns.
    assert world.client("reviewer").post(url + "approve/").status_code == 403
    assert city.post(url + "return/", {}, format="json").status_code == 400
    returned = city.post(url + "return/", {"reason": "材料不全"}, format="json").json()
    assert (returned["status"], returned["return_reason"]) == ("returned", "材料不全")
    again = reporter.post(url + "propose/", {"reason": "已补齐"}, format="json")
    assert again.json()["status"] == "proposed"
    approved = city.post(url + "approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    listed = reporter.get("/api/v1/pool-reviews/", {"status": "approved"}).json()
    assert [row["project"] for row in listed["results"]] == ["hl-r"]


def test_whoever_proposed_for_the_pool_cannot_approve_over_the_api(world):
    project = ProjectFactory(district=world.hualong.district, stage=Stage.PRELIMINARY)
    city = world.client("city_admin")
    review = city.post("/api/v1/pool-reviews/", {"project": project.code}, format="json").json()
    answer = city.post(f"/api/v1/pool-reviews/{review['id']}/approve/")
    assert answer.status_code == 403 and "Four eyes" in answer.json()["detail"]


def test_a_rounds_candidates_come_from_the_pool(world, reserve):
    ProjectFactory(district=reserve.district, stage=Stage.PRELIMINARY, code="hl-not-pooled")
    client = world.client("anonymous")
    url = f"/api/v1/rounds/{RoundFactory().code}/candidates/"  # a city-wide round
    signed = client.get(url, {"list": "signed"})
    assert [row["code"] for row in signed.json()] == [reserve.code]
    assert client.get(url).status_code == 400
    assert client.get(url, {"list": "nothing"}).status_code == 400


def test_stats_preparation_counts_a_units_board_and_gaps(world, reserve):
    ReportingPeriod.objects.create(year=2023, month=3, status=PeriodStatus.CLOSED)
    client = world.client("anonymous")
    body = client.get("/api/v1/stats/preparation/", {"year": 2023, "month": 3}).json()
    assert (body["as_of"], body["scope"]) == ("2023-03-31", "public")
    # The two required items were approved by 31 March; the filing after its due date.
    assert body["preliminary"] == {"required": 2, "done": 2, "late": 1}
    land = body["resources"][0]
    assert (land["kind"], land["unit"], land["needed"], land["secured"], land["gap"]) == (
        "land",
        "亩",
        "120.00",
        "80.00",
        "40.00",
    )
    assert land["projects_short"] == 1
    assert body["resources"][1]["kind"] == "funding" and body["resources"][1]["gap"] == "0.00"
    # On 31 January the filing was pending and late, the other approved: 1 done, 1 late.
    ReportingPeriod.objects.create(year=2023, month=1, status=PeriodStatus.CLOSED)
    january = client.get(
        "/api/v1/stats/preparation/", {"year": 2023, "month": 1, "district": "hualong"}
    ).json()
    assert january["preliminary"] == {"required": 2, "done": 1, "late": 1}
    assert client.get("/api/v1/stats/preparation/", {"district": "nowhere"}).status_code == 400
