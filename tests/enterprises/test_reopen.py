"""Reopen (issue 19): within 15 days of its resolution the enterprise reopens its problem with
the tracking code, the phone it gave and a reason (API and public page); it returns to its
handler in progress, flagged, and counted in stats/problems."""

import datetime

import pytest
from django.utils import timezone

from core.models import Notification
from core.period import Period
from enterprises.choices import ProblemStatus
from enterprises.models import Problem
from stats.problems import problem_stats
from tests.factories import CadreFactory, DistrictFactory, ProblemFactory, UserFactory

pytestmark = pytest.mark.django_db
PHONE = "139-0000-1234"


def resolved(days_ago, **fields):
    """A problem resolved `days_ago` days before today (raised and accepted before that)."""
    today = timezone.localdate()
    day = today - datetime.timedelta(days=days_ago)
    district = fields.pop("district", None) or DistrictFactory()
    values = {
        "district": district,
        "status": ProblemStatus.RESOLVED,
        "raised_on": day,
        "accepted_on": day,
        "due_date": day,
        "resolved_on": day,
        "resolution": "已协调银行贷款",
        "outcome": "solved",
        "assignee": CadreFactory(district=district, unit="华龙区工信局"),
        "submitter_phone": PHONE,
        **fields,
    }
    return ProblemFactory(**values)


def reopen(client, problem, **body):
    return client.post(
        f"/api/v1/problems/track/{problem.tracking_code}/reopen/",
        {"phone": "13900001234", "reason": "贷款仍未到位", **body},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_enterprise_reopens_within_15_days_and_it_is_counted(api_client):
    problem = resolved(15)  # the last day it may
    assignee = problem.assignee
    response = reopen(api_client, problem)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["reopened"], body["outcome"], body["resolved_on"]) == (
        "in_progress",
        1,
        "",
        None,
    )
    assert "submitter_phone" not in body and "reopen_reason" not in body
    problem.refresh_from_db()
    assert problem.assignee == assignee  # back with its handler
    assert (problem.reopened_on, problem.reopen_reason) == (timezone.localdate(), "贷款仍未到位")
    assert problem.history.first().resolution == ""  # the history keeps the earlier one
    assert problem.history.all()[1].resolution == "已协调银行贷款"
    today = timezone.localdate()
    figures = problem_stats(period=Period(today.year, today.month), district=problem.district)
    assert (figures["reopened"], figures["resolved"], figures["solved"]) == (1, 0, 0)


def test_a_closed_problem_reopens_and_is_rated_again_later(api_client):
    problem = resolved(3, status=ProblemStatus.CLOSED, satisfaction="dissatisfied")
    problem.closed_on = timezone.localdate()
    problem.save()
    assert reopen(api_client, problem).status_code == 200
    problem.refresh_from_db()
    assert (problem.status, problem.satisfaction, problem.closed_on) == ("in_progress", "", None)


@pytest.mark.parametrize(
    ("days_ago", "status", "body", "field", "message"),
    [
        (
            16,
            ProblemStatus.RESOLVED,
            {},
            "status",
            "A problem can be reopened only within 15 days of its resolution; "
            "please submit a new problem.",
        ),
        (1, ProblemStatus.RESOLVED, {"phone": "13900009999"}, "phone", "not the phone"),
        (1, ProblemStatus.RESOLVED, {"reason": " "}, "reason", ""),
        (1, ProblemStatus.RESOLVED, {"phone": ""}, "phone", ""),
    ],
)
def test_refusals_answer_400_with_a_message(api_client, days_ago, status, body, field, message):
    problem = resolved(days_ago, status=status)
    response = reopen(api_client, problem, **body)
    assert response.status_code == 400, response.content
    assert field in response.json() and message in " ".join(response.json()[field])
    assert Problem.objects.get(pk=problem.pk).status == status


def test_an_open_problem_cannot_be_reopened(api_client):
    problem = ProblemFactory(submitter_phone=PHONE, in_progress=True)
    response = reopen(api_client, problem)
    assert response.status_code == 400
    assert response.json() == {"status": ["Only a resolved or closed problem can be reopened."]}


def test_the_public_page_offers_and_takes_the_reopening(client):
    problem = resolved(2)
    page = client.get("/feedback/track/", {"code": problem.tracking_code}).content.decode()
    assert 'class="reopen-form"' in page and 'name="reason"' in page
    wrong = client.post(
        "/feedback/track/",
        {"code": problem.tracking_code, "phone": "110", "reason": "未解决"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert wrong.status_code == 400 and "not the phone" in wrong.content.decode()
    done = client.post(
        "/feedback/track/",
        {"code": problem.tracking_code, "phone": "13900001234", "reason": "未解决"},
        follow=True,
    )
    assert done.status_code == 200
    text = done.content.decode()
    assert 'data-status="in_progress"' in text and 'data-reopened="1"' in text
    assert 'class="reopen-form"' not in text
    old = resolved(30)
    page = client.get("/feedback/track/", {"code": old.tracking_code}).content.decode()
    assert 'class="reopen-form"' not in page


def test_the_handler_hears_of_the_reopening_in_its_inbox(api_client):
    problem = resolved(1)
    handler = problem.assignee
    handler.user = UserFactory(is_staff=True)
    handler.save()
    assert reopen(api_client, problem).status_code == 200
    [notice] = Notification.objects.filter(recipient=handler.user)
    assert notice.kind == "problem_reopened" and notice.body == "贷款仍未到位"
    assert problem.tracking_code in notice.title
    assert notice.url == f"/admin/enterprises/problem/{problem.pk}/change/"
