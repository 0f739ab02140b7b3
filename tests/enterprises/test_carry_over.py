"""A dispatch meeting's matter whose project is still red at the next published month
reopens itself for the next meeting (issue 19, point 6), from the outside: closing May over
the API, the problem and meeting endpoints, the meeting's and the matter's admin pages.

The data, worked by hand (2023; 华龙区; April and May open, closed in turn; plans 12,000 万元):
- P 华龙区化工项目: nothing approved → April 0 % against a schedule of 33.3 %: −33.3 points,
  red; May 0 % against 41.7 %: −41.7 points, still red.
- G 华龙区装备项目: nothing January–April → April red; 5,000 approved for May → 41.7 %,
  0.0 points: green (it turned green).
- Y 华龙区物流项目: 200 approved in each of January–April → April 800, 6.7 %: −26.7 points,
  yellow; May (nothing more) −35.0 points, red: red now, but not still red.
- 第12次调度会 (2023-04-03) assigned A on P (resolved 2023-04-20), B on G (resolved
  2023-04-21), C on P (resolved 2023-05-15) and F on Y (resolved 2023-04-22); 第8次调度会
  (2023-03-06) assigned D on P (resolved 2023-03-30); E on P was raised on a visit (no
  meeting), resolved 2023-04-20.
- Closing April judges nothing: no published month before it says a project was red.
  Closing May judges what was resolved in April: A (P red in April and May) is reopened and
  carried over; B (G green) and F (Y yellow in April) stay resolved; C (resolved in May) waits
  for June; D was resolved in March; E is not a meeting's matter. 第12次调度会's closure
  rate: B, C and F of A, B, C, F = 75.0 %.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Notification, ReportingPeriod
from core.roles import Role
from core.tokens import api_token_create
from districts.models import DistrictKind
from enterprises.choices import ProblemSource, ProblemStatus
from enterprises.models import MatterCarryOver, Problem
from projects.choices import MeetingKind, ReportStatus, Stage
from projects.models import Meeting
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import (
    AnnualPlanFactory,
    CadreFactory,
    DistrictFactory,
    MeetingFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REASON = "项目在 2023 年 5 月 发布时仍为红灯"
REASON_EN = "The project was still red when May 2023 was published"


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='t')[1]}")
    return client


def approved(project, month, amount):
    return ProgressReportFactory(
        project=project,
        year=2023,
        month=month,
        completed_investment=Decimal(amount),
        status=ReportStatus.APPROVED,
    )


def matter(district, meeting, project, resolved_on, **fields):
    return ProblemFactory(
        district=district,
        meeting=meeting,
        source=ProblemSource.DISPATCH if meeting else ProblemSource.VISIT,
        project=project,
        raised_on=meeting.held_on if meeting else datetime.date(2023, 4, 3),
        due_date=datetime.date(2023, 6, 30),
        resolved=True,
        accepted_on=meeting.held_on if meeting else datetime.date(2023, 4, 3),
        resolved_on=resolved_on,
        **fields,
    )


@pytest.fixture
def city(db):
    DistrictFactory(code="puyang", name="濮阳市", kind=DistrictKind.CITY, order=0)
    hualong = DistrictFactory(code="hualong", name="华龙区", order=1)
    jingkai = DistrictFactory(code="jingkai", name="经开区", order=2)
    started = {"stage": Stage.UNDER_CONSTRUCTION, "actual_start": datetime.date(2022, 3, 1)}
    p = ProjectFactory(code="hl-1", name="华龙区化工项目", district=hualong, **started)
    g = ProjectFactory(code="hl-2", name="华龙区装备项目", district=hualong, **started)
    y = ProjectFactory(code="hl-3", name="华龙区物流项目", district=hualong, **started)
    for project in (p, g, y):
        AnnualPlanFactory(project=project, year=2023, planned_investment=Decimal("12000"))
    for month in (1, 2, 3, 4):
        approved(y, month, "200")
    approved(g, 5, "5000")
    march = MeetingFactory(district=hualong, title="第8次调度会", held_on=datetime.date(2023, 3, 6))
    april = MeetingFactory(
        district=hualong, title="第12次调度会", held_on=datetime.date(2023, 4, 3)
    )
    matters = {
        "A": matter(hualong, april, p, datetime.date(2023, 4, 20), resolution="已协调用地指标。"),
        "B": matter(hualong, april, g, datetime.date(2023, 4, 21)),
        "C": matter(hualong, april, p, datetime.date(2023, 5, 15)),
        "D": matter(hualong, march, p, datetime.date(2023, 3, 30)),
        "E": matter(hualong, None, p, datetime.date(2023, 4, 20)),
        "F": matter(hualong, april, y, datetime.date(2023, 4, 22)),
    }
    ReportingPeriod.objects.create(year=2023, month=4)
    ReportingPeriod.objects.create(year=2023, month=5)
    return {
        "hualong": hualong,
        "jingkai": jingkai,
        "p": p,
        "april_meeting": april,
        "matters": matters,
        "city_admin": make_official(Role.CITY_ADMIN),
        "reporter": make_official(Role.REPORTER, hualong),
        "reviewer": make_official(Role.REVIEWER, hualong),
    }


def close(city, month):
    response = api(city["city_admin"]).post(f"/api/v1/reporting-periods/2023-{month:02d}/close/")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1


def statuses(city):
    return {
        name: Problem.objects.get(pk=problem.pk).status for name, problem in city["matters"].items()
    }


def test_a_matter_still_red_at_the_next_published_month_goes_to_the_next_meeting(city):
    today = timezone.localdate()
    hualong = city["hualong"]
    # Not the next meeting: another unit's, a symposium, one already held.
    MeetingFactory(district=city["jingkai"], held_on=today + datetime.timedelta(days=1))
    MeetingFactory(
        district=hualong, kind=MeetingKind.SYMPOSIUM, held_on=today + datetime.timedelta(days=1)
    )
    MeetingFactory(district=hualong, held_on=today - datetime.timedelta(days=1))
    following = MeetingFactory(
        district=hualong, title="第13次调度会", held_on=today + datetime.timedelta(days=3)
    )
    close(city, 4)
    assert set(statuses(city).values()) == {ProblemStatus.RESOLVED}
    close(city, 5)
    assert statuses(city) == {
        "A": "in_progress",
        "B": "resolved",
        "C": "resolved",
        "D": "resolved",
        "E": "resolved",
        "F": "resolved",
    }
    a = Problem.objects.get(pk=city["matters"]["A"].pk)
    assert (a.resolved_on, a.resolution, a.outcome) == (None, "", "")
    assert a.meeting == city["april_meeting"]  # assigned there, carried to the next one

    reporter = api(city["reporter"])
    body = reporter.get(f"/api/v1/problems/{a.tracking_code}/").json()
    assert body["status"] == "in_progress"
    [record] = body["carried_over"]
    assert record["month"] == "2023-05"
    assert record["reason"] == REASON
    assert record["carried_on"] == today.isoformat()
    assert (record["meeting"], record["carried_to"]) == (city["april_meeting"].pk, following.pk)
    assert (record["carried_to_date"], record["awaiting"]) == (following.held_on.isoformat(), False)
    # The resolution it had, which reopening cleared from the problem.
    assert (record["resolved_on"], record["outcome"]) == ("2023-04-20", "solved")
    assert record["resolution"] == "已协调用地指标。"

    meetings = {row["id"]: row for row in reporter.get("/api/v1/meetings/").json()["results"]}
    april = meetings[city["april_meeting"].pk]
    assert april["closure_rate"] == 75.0  # B, C and F of A, B, C, F
    carried = {m["tracking_code"]: m["carried_over"] for m in april["matters"]}
    assert [r["reason"] for r in carried[a.tracking_code]] == [REASON]
    assert carried[city["matters"]["B"].tracking_code] == []
    assert [r["tracking_code"] for r in meetings[following.pk]["carried_in"]] == [a.tracking_code]
    assert april["carried_in"] == []
    # Another district's reporter sees neither the matter nor its carry-over.
    other = api(make_official(Role.REPORTER, city["jingkai"]))
    assert other.get(f"/api/v1/problems/{a.tracking_code}/").status_code == 404

    # The meeting's page and the matter's page say it, in the admin.
    client = client_for(city["reporter"])
    page = client.get(admin_url(Meeting, "change", city["april_meeting"].pk)).content.decode()
    assert REASON_EN in page and "75.0% (3 of 4)" in page
    assert "Carried to " in page and "第13次调度会" in page
    page = client.get(admin_url(Meeting, "change", following.pk)).content.decode()
    assert a.tracking_code in page and REASON_EN in page
    page = client.get(admin_url(Problem, "change", a.pk)).content.decode()
    assert REASON_EN in page and "已协调用地指标。" in page
    listed = client.get(admin_url(Problem), {"carried_over": "yes"})
    assert [row.pk for row in listed.context["cl"].result_list] == [a.pk]
    assert "carried over" in listed.content.decode()
    history = a.history.order_by("-history_date").first()
    assert history.history_change_reason == REASON


def test_a_revision_of_the_month_reopens_nothing_twice(city):
    close(city, 4)
    close(city, 5)
    assert MatterCarryOver.objects.count() == 1
    a = Problem.objects.get(pk=city["matters"]["A"].pk)
    # The handler resolves it again; a late report for P's May publishes version 2 of May,
    # with P still red (200: 1.7 %, −40.0 points).
    a.status, a.resolution, a.outcome = "resolved", "用地已报批。", "solved"
    a.resolved_on = datetime.date(2023, 4, 28)
    a.save()
    admin = api(city["city_admin"])
    filed = admin.post(
        "/api/v1/progress-reports/",
        {"project": "hl-1", "year": 2023, "month": 5, "completed_investment": "200.00"},
        format="json",
    )
    assert filed.status_code == 201, filed.content
    pk = filed.json()["id"]
    assert admin.post(f"/api/v1/progress-reports/{pk}/submit/").status_code == 200
    assert api(city["reviewer"]).post(f"/api/v1/progress-reports/{pk}/approve/").status_code == 200
    assert ReportingPeriod.objects.get(year=2023, month=5).versions.count() == 2
    assert MatterCarryOver.objects.count() == 1
    assert Problem.objects.get(pk=a.pk).status == "resolved"


def test_without_a_next_meeting_the_matter_awaits_one(city):
    handler = CadreFactory(district=city["hualong"], user=UserFactory(is_staff=True))
    Problem.objects.filter(pk=city["matters"]["A"].pk).update(assignee=handler)
    close(city, 4)
    close(city, 5)
    # Its handler hears of it in the inbox, with the reason.
    [notice] = Notification.objects.filter(recipient=handler.user)
    assert (notice.kind, notice.body) == ("matter_carried_over", REASON)
    assert city["matters"]["A"].tracking_code in notice.title
    [record] = MatterCarryOver.objects.all()
    assert record.carried_to is None
    reporter = api(city["reporter"])
    code = city["matters"]["A"].tracking_code
    [shown] = reporter.get(f"/api/v1/problems/{code}/").json()["carried_over"]
    assert (shown["carried_to"], shown["awaiting"]) == (None, True)
    page = client_for(city["reporter"]).get(admin_url(Problem, "change", record.problem_id))
    assert "Carried over, awaiting the next meeting" in page.content.decode()
    awaiting = client_for(city["reporter"]).get(admin_url(Problem), {"carried_over": "awaiting"})
    assert [row.pk for row in awaiting.context["cl"].result_list] == [record.problem_id]
    # The unit schedules its next dispatch meeting: the matter goes to it.
    held_on = timezone.localdate() + datetime.timedelta(days=7)
    MeetingFactory(district=city["jingkai"], held_on=held_on)  # another unit's
    following = MeetingFactory(district=city["hualong"], held_on=held_on)
    record.refresh_from_db()
    assert record.carried_to == following
