"""The officials' home page: what needs attention in the user's district (or the city), each
figure a link to the list that shows exactly those rows."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.period import resolve_period
from projects.models import Funding, ProgressReport, Project
from stats.progress import district_progress
from tests.factories import (
    AnnualPlanFactory,
    FundingFactory,
    MilestoneFactory,
    ProblemFactory,
    ProgressReportFactory,
)
from tests.figures import unit_entry

from .helpers import admin_url, client_for

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


def test_the_dashboard_and_the_lists_say_amounts_by_the_money_rule(busy):
    """The rule (core.templatetags.figures.amount) in the admin too, never a bare number:
    the district's year 300.00 of 1,000.00 万元; its project of 50,000.00 万元 = 5.00 亿元."""
    client = client_for(busy.reporter)
    chinese = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "完成 300.00 万元 / 计划 1,000.00 万元" in chinese
    english = client.get("/admin/").content.decode()
    assert "CNY 3.00 million of CNY 10.00 million" in english
    projects = client.get(admin_url(Project), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "5.00 亿元" in projects and "50000.00" not in projects
    assert "1,000.00 万元" in projects and "300.00 万元" in projects  # its plan, completed
    reports = client.get(admin_url(ProgressReport)).content.decode()
    assert "CNY 3.00 million" in reports and ">300.00<" not in reports
    FundingFactory(project=busy.project, secured=Decimal("1000.00"), disbursed=Decimal("800"))
    funding = client.get(admin_url(Funding)).content.decode()
    assert "CNY 10.00 million" in funding and "CNY 8.00 million" in funding
