"""The officials' home page: what needs attention in the user's district (or the city), each
figure a link to the list that shows exactly those rows."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.period import resolve_period
from stats.progress import district_progress
from tests.factories import (
    AnnualPlanFactory,
    MilestoneFactory,
    ProblemFactory,
    ProgressReportFactory,
)
from tests.figures import unit_entry

from .helpers import client_for

pytestmark = pytest.mark.django_db


def cards(response):
    return {str(card["label"]): card for card in response.context["dashboard"]["cards"]}


@pytest.fixture
def busy(world):
    """Things needing attention in both districts (this year, as the dashboard looks at it):
    overdue on the last day of the period it shows (last month, without a reporting cycle),
    due soon from today."""
    today = timezone.localdate()
    as_of = today.replace(day=1) - datetime.timedelta(days=1)
    for project in (world.project, world.other_project):
        ProgressReportFactory(project=project, year=today.year, month=1, submitted=True)
        MilestoneFactory(project=project, planned_date=as_of - datetime.timedelta(days=3))
        MilestoneFactory(project=project, planned_date=today + datetime.timedelta(days=10))
        ProblemFactory(
            district=project.district,
            raised_on=as_of - datetime.timedelta(days=10),
            due_date=as_of - datetime.timedelta(days=1),
        )
    MilestoneFactory(project=world.project, planned_date=today + datetime.timedelta(days=45))
    AnnualPlanFactory(project=world.project, year=today.year, planned_investment=Decimal("1000"))
    ProgressReportFactory(
        project=world.project,
        year=today.year,
        month=2,
        completed_investment=Decimal("300"),
        approved=True,
    )
    return world


def test_reporter_sees_its_districts_counts_with_links(busy):
    client = client_for(busy.reporter)
    response = client.get("/admin/")
    assert response.status_code == 200
    counts = {label: card["count"] for label, card in cards(response).items()}
    # A reporter's cards: no reviewer's queue (its home leads to the workbench instead).
    assert counts == {
        "Milestones overdue": 1,
        "Milestones due within 30 days": 1,
        "Problems past their due date": 1,
    }
    for card in cards(response).values():
        listed = client.get(card["url"])
        assert listed.status_code == 200
        assert listed.context["cl"].result_count == card["count"], card["url"]


def test_completion_rate_is_the_formulas_figure_for_the_district(busy):
    response = client_for(busy.reporter).get("/admin/")
    dashboard = response.context["dashboard"]
    year = timezone.localdate().year
    expected = unit_entry(district_progress(period=resolve_period(year)), busy.hualong)
    assert dashboard["scope"] == "华龙区"
    assert (
        dashboard["progress"]["completion_rate"] == expected["completion_rate"] == Decimal("30.0")
    )
    assert dashboard["progress"]["schedule_rate"] == expected["schedule_rate"]
    assert "30.0%" in response.content.decode()


def test_city_admin_sees_the_whole_city(busy):
    response = client_for(busy.city_admin).get("/admin/")
    counts = {label: card["count"] for label, card in cards(response).items()}
    assert counts["Monthly reports awaiting review"] == 2
    assert counts["Problems past their due date"] == 2
    year = timezone.localdate().year
    assert (
        response.context["dashboard"]["progress"]
        == district_progress(period=resolve_period(year))["city"]
    )


def test_site_header_is_the_products_name(world):
    response = client_for(world.reporter).get("/admin/")
    assert "Key-project tracker" in response.content.decode()
