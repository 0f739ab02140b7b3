"""Deadlines in working days (issue 19): each category's first response, stage reply and
closure limits (defaults 1, 3, 15 working days; the city admin edits them) on the Chinese
working-day calendar with its holidays and adjusted working days; every problem carries its
due dates from intake, and overdue has one definition (problem_overdue)."""

import datetime

import pytest
from django.test import Client

from core.period import Period
from core.roles import Role
from core.workdays import add_workdays, is_workday
from enterprises.choices import ProblemStatus
from enterprises.models import Problem, ProblemLimit
from stats.problems import problem_stats
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import CadreFactory, DistrictFactory, ProblemFactory

D = datetime.date


def test_the_calendar_knows_holidays_and_adjusted_working_days():
    assert not is_workday(D(2025, 10, 1))  # National Day
    assert is_workday(D(2025, 9, 28))  # a Sunday worked in exchange (调休)
    assert is_workday(D(2025, 10, 11))  # a Saturday worked in exchange
    assert not is_workday(D(2025, 10, 12))
    # Tuesday 30 September 2025: 1 to 8 October are holidays, Saturday 11 October is worked.
    assert add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert add_workdays(D(2025, 9, 30), 3) == D(2025, 10, 11)
    # 9, 10, 11, 13–17, 20–24, 27, 28 October
    assert add_workdays(D(2025, 9, 30), 15) == D(2025, 10, 28)
    assert add_workdays(D(2025, 9, 30), 0) == D(2025, 9, 30)
    # A year the package does not know yet: Monday to Friday.
    assert add_workdays(D(2099, 1, 2), 1) == D(2099, 1, 5)


@pytest.mark.django_db
def test_an_intake_in_the_admin_gets_its_due_dates_from_the_category(world):
    client = client_for(make_official(Role.REPORTER, world.hualong.district))
    response = client.post(
        admin_url(Problem, "add"),
        {
            "title": "用地指标",
            "description": "新厂房用地指标不足",
            "category": "land",
            "source": "visit",
            "district": world.hualong.district.pk,
            "enterprise": world.hualong.enterprise.pk,
            "raised_on": "2025-09-30",
            "responsible_unit": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    problem = Problem.objects.get(title="用地指标")
    assert (problem.response_due, problem.stage_due, problem.due_date) == (
        D(2025, 10, 9),
        D(2025, 10, 11),
        D(2025, 10, 28),
    )
    # Open since: overdue from the day after its due date, by the one definition.
    assert not Problem.objects.overdue(D(2025, 10, 28)).filter(pk=problem.pk).exists()
    assert Problem.objects.overdue(D(2025, 10, 29)).filter(pk=problem.pk).exists()
    body = world.client("reporter").get(f"/api/v1/problems/{problem.tracking_code}/").json()
    assert (body["response_due"], body["stage_due"], body["due"], body["overdue"]) == (
        "2025-10-09",
        "2025-10-11",
        "2025-10-28",
        True,  # still open today
    )
    listed = world.client("reporter").get("/api/v1/problems/", {"as_of": "2025-10-28"}).json()
    row = next(r for r in listed["results"] if r["tracking_code"] == problem.tracking_code)
    assert row["overdue"] is False  # judged on the list's day
    tracked = world.client("anonymous").get(f"/api/v1/problems/track/{problem.tracking_code}/")
    assert (tracked.json()["due"], tracked.json()["overdue"]) == ("2025-10-28", True)
    page = Client().get("/feedback/track/", {"code": problem.tracking_code}).content.decode()
    assert "<dd data-response-due>2025-10-09</dd>" in page


@pytest.mark.django_db
def test_the_city_admin_edits_the_limits_and_new_intakes_follow(world):
    reporter = client_for(make_official(Role.REPORTER, world.hualong.district))
    assert reporter.get(admin_url(ProblemLimit)).status_code == 403
    admin = client_for(make_official(Role.CITY_ADMIN))
    land = ProblemLimit.objects.get(category="land")
    page = admin.get(admin_url(ProblemLimit, "change", land.pk))
    assert page.status_code == 200
    refused = admin.post(
        admin_url(ProblemLimit, "change", land.pk),
        {"category": "land", "response_days": 5, "stage_days": 3, "closure_days": 8},
    )
    assert refused.status_code == 200  # first response after the stage reply: refused
    assert ProblemLimit.objects.get(pk=land.pk).closure_days == 15
    saved = admin.post(
        admin_url(ProblemLimit, "change", land.pk),
        {"category": "land", "response_days": 1, "stage_days": 3, "closure_days": 5},
    )
    assert saved.status_code == 302
    problem = ProblemFactory(category="land", raised_on=D(2025, 9, 30), due_date=None)
    problem.set_due_dates()
    assert problem.due_date == D(2025, 10, 14)  # 9, 10, 11 (Saturday, worked), 13, 14


@pytest.mark.django_db
def test_overdue_figures_follow_the_working_day_calendar():
    district = DistrictFactory()
    # Raised Friday 12 September 2025, funding: 15 working days with 28 September (a Sunday
    # worked) counted and 1–8 October (National Day) not: 15–19, 22–26, 28–30 September,
    # 9 and 10 October. By calendar days it would have been due on 27 September.
    problem = ProblemFactory(
        district=district,
        category="funding",
        raised_on=D(2025, 9, 12),
        due_date=None,
        status=ProblemStatus.ACCEPTED,
        accepted_on=D(2025, 9, 12),
    )
    problem.set_due_dates()
    problem.save()
    assert problem.due_date == D(2025, 10, 10)
    assert problem_stats(period=Period(2025, 9), district=district)["overdue"] == 0
    assert problem_stats(period=Period(2025, 10), district=district)["overdue"] == 1
    # Resolved on 20 October, late but before the month's last day: not overdue on it.
    problem.status, problem.resolved_on = ProblemStatus.RESOLVED, D(2025, 10, 20)
    problem.resolution, problem.outcome = "已协调", "solved"
    problem.save()
    assert problem_stats(period=Period(2025, 10), district=district)["overdue"] == 0


@pytest.mark.django_db
def test_the_ledger_shows_who_held_a_problem_when_it_went_overdue(world):
    """超时倒查: the unit and cadre holding it the day after its due date, from the history,
    even after it was handed on."""
    district = world.hualong.district
    first = world.hualong.cadre
    later = CadreFactory(district=district, name="后任干部", unit="华龙区人社局")
    problem = ProblemFactory(
        district=district,
        in_progress=True,
        assignee=first,
        responsible_unit="华龙区金融工作局",
        due_date=D(2022, 6, 30),
    )
    problem.history.update(history_date=datetime.datetime(2022, 5, 13, tzinfo=datetime.UTC))
    problem.assignee, problem.responsible_unit = later, ""
    problem.save()  # handed on today, long after it went overdue
    assert problem.held_when_overdue() == ("华龙区金融工作局", first)
    client = client_for(make_official(Role.REPORTER, district))
    page = client.get(admin_url(Problem, "change", problem.pk)).content.decode()
    assert f"华龙区金融工作局 · {first.name}" in page
    on_time = ProblemFactory(district=district, resolved=True)  # resolved 10 June, due 30 June
    assert on_time.held_when_overdue() is None
    not_yet = ProblemFactory(district=district, in_progress=True, due_date=D(2099, 1, 1))
    assert not_yet.held_when_overdue() is None
