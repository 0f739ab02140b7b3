"""Each role's admin home: the reporter's workbench and returned reports, the reviewer's
queue, the cadre's enterprises, visits and open problems, the city's per-district table
(each figure linked to exactly its rows); menus list only what the role works with."""

import datetime

import pytest
from django.utils import timezone

from core.models import ReportingPeriod
from tests.factories import (
    AnnualPlanFactory,
    MilestoneFactory,
    ProblemFactory,
    ProgressReportFactory,
    VisitFactory,
)

from .helpers import client_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def month(world):
    last = TODAY.replace(day=1) - datetime.timedelta(days=1)
    for project in (world.project, world.other_project):
        AnnualPlanFactory(project=project, year=last.year)
    return ReportingPeriod.objects.create(year=last.year, month=last.month)


def content(response):
    return response.content.decode()


def models_in_menu(response):
    return {
        model["object_name"].lower()
        for app in response.context["app_list"]
        for model in app["models"]
    }


def test_the_reporters_home_leads_to_the_workbench_and_its_returned_reports(world, month):
    ProgressReportFactory(project=world.project, year=month.year, month=month.month, returned=True)
    response = client_for(world.reporter).get("/admin/")
    page = content(response)
    assert page.index('id="home-workbench"') < page.index('id="returned-reports"')
    assert page.index('id="returned-reports"') < page.index("app-projects")
    assert "投资数据与附件不符" in page
    assert f"#p{world.project.pk}" in page
    assert "awaiting review" not in page
    assert models_in_menu(response) >= {"progressreport", "project", "problem", "visit"}
    assert not models_in_menu(response) & {"industry", "cadre", "round", "enterpriselabel"}


def test_the_reviewers_home_is_its_queue(world, month):
    ProgressReportFactory(project=world.project, year=month.year, month=month.month, submitted=True)
    ProgressReportFactory(
        project=world.other_project, year=month.year, month=month.month, submitted=True
    )
    response = client_for(world.reviewer).get("/admin/")
    page = content(response)
    assert 'id="home-review"' in page and "1 awaiting" in page
    assert [r.project for r in response.context["dashboard"]["home"]["queue"]] == [world.project]


def test_the_cadres_home_shows_its_enterprises_visits_and_open_problems(world):
    VisitFactory(cadre=world.cadre, enterprise=world.enterprise, district=world.hualong)
    ProblemFactory(
        district=world.hualong,
        enterprise=world.enterprise,
        accepted=True,
        assignee=world.cadre,
        title="用工缺口",
    )
    ProblemFactory(district=world.hualong, enterprise=world.enterprise, closed=True, title="已销号")
    response = client_for(world.cadre_user).get("/admin/")
    page = content(response)
    assert world.enterprise.name in page and "用工缺口" in page and "已销号" not in page
    assert world.other_enterprise.name not in page
    assert 'id="my-visits"' in page
    actions = {a["id"]: a["url"] for a in response.context["dashboard"]["home"]["actions"]}
    listed = client_for(world.cadre_user).get(actions["home-problems"])
    assert [p.title for p in listed.context["cl"].result_list] == ["用工缺口"]
    assert models_in_menu(response) <= {
        "project",
        "enterprise",
        "assignment",
        "visit",
        "problem",
        "support",
    }


def test_the_city_table_counts_and_links_to_exactly_those_rows(world, month):
    ProgressReportFactory(project=world.project, year=month.year, month=month.month, submitted=True)
    ProblemFactory(
        district=world.jingkai,
        accepted=True,
        raised_on=TODAY - datetime.timedelta(days=5),
        accepted_on=TODAY - datetime.timedelta(days=4),
        due_date=TODAY - datetime.timedelta(days=2),
    )
    MilestoneFactory(project=world.other_project, planned_date=TODAY - datetime.timedelta(days=9))
    client = client_for(world.city_admin)
    response = client.get("/admin/")
    rows = {
        row["district"].code: row for row in response.context["dashboard"]["home"]["table"]["rows"]
    }
    assert (rows["hualong"]["unfiled"], rows["jingkai"]["unfiled"]) == (0, 1)
    assert (rows["jingkai"]["problems"], rows["jingkai"]["milestones"]) == (1, 1)
    assert (rows["hualong"]["problems"], rows["hualong"]["milestones"]) == (0, 0)
    page = content(response)
    assert 'id="district-table"' in page and 'data-label="Not filed"' in page
    for name in ("problems", "milestones", "red", "yellow"):
        listed = client.get(rows["jingkai"][f"{name}_url"])
        assert listed.context["cl"].result_count == rows["jingkai"][name], name
    workbench = client.get(rows["jingkai"]["unfiled_url"])
    unfiled = [r for r in workbench.context["rows"] if r.status not in ("submitted", "approved")]
    assert len(unfiled) == rows["jingkai"]["unfiled"]
    assert "cadre" in models_in_menu(response)  # the city sees every menu


@pytest.fixture
def april_and_may(world):
    for project in (world.project, world.other_project):
        AnnualPlanFactory(project=project, year=2023)
    april = ReportingPeriod.objects.create(year=2023, month=4)
    may = ReportingPeriod.objects.create(year=2023, month=5)
    return april, may


def returned_item(response, report):
    return next(i for i in response.context["home"]["returned"] if i["report"] == report)


def test_a_returned_report_opens_its_own_month_on_the_workbench(world, april_and_may):
    """April and May both open: April's returned report leads to April's card, not May's."""
    report = ProgressReportFactory(project=world.project, year=2023, month=4, returned=True)
    client = client_for(world.reporter)
    item = returned_item(client.get("/admin/"), report)
    assert item["url"] == f"/admin/workbench/?period=2023-04#p{world.project.pk}"
    assert item["late_route"] is None
    workbench = client.get(item["url"].split("#")[0])
    period = workbench.context["period"]
    assert (period.year, period.month) == (2023, 4)
    assert f'id="p{world.project.pk}"' in content(workbench)


def test_a_returned_report_of_a_closed_month_offers_the_late_report_route(world, april_and_may):
    """April closed (published), May open: the April report is not typed into May's card."""
    april, _ = april_and_may
    report = ProgressReportFactory(project=world.project, year=2023, month=4, returned=True)
    april.status = "closed"
    april.save()
    client = client_for(world.reporter)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = client.get("/admin/")
    item = returned_item(response, report)
    assert "workbench" not in item["url"]
    assert item["url"] == f"/admin/projects/progressreport/{report.pk}/change/"
    page = content(response)
    assert "2023 年 4 月已关闭：更正须作为补报，由市级管理员填报。" in page
    assert "period=2023-05" not in page.split('id="returned-reports"')[1]
