"""Hostile input to the API answers 400, 404 or 413 with a JSON `detail`, never a 500:
NUL characters (which PostgreSQL refuses in text), JSON nested too deep for Python's parser,
and bodies larger than the public may send."""

import datetime
import json

import pytest
from django.utils import timezone

from core.models import PeriodStatus, ReportingPeriod
from enterprises.models import Problem

from .test_enterprises import FEEDBACK


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/problems/track/%00/",
        "/api/v1/problems/track/WQ-%00/",
    ],
)
def test_a_nul_in_the_path_is_a_json_404(world, url):
    response = world.client("anonymous").get(url)
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize(
    ("viewer", "url"),
    [
        ("anonymous", "/api/v1/projects/?search=%00"),
        ("anonymous", "/api/v1/projects/?district=%00"),
        ("anonymous", "/api/v1/projects/?ordering=%00"),
        ("anonymous", "/api/v1/enterprises/?search=a%00b"),
        ("anonymous", "/api/v1/stats/problems/?district=%00"),
        ("reporter", "/api/v1/problems/?search=%00"),
        ("reporter", "/api/v1/problems/?tracking_code=%00"),
        ("reporter", "/api/v1/progress-reports/?project=%00"),
        ("reporter", "/api/v1/visits/?%00=1"),
    ],
)
def test_a_nul_in_a_parameter_is_a_json_400(world, viewer, url):
    response = world.client(viewer).get(url)
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize(
    ("viewer", "url"),
    [("anonymous", "/api/v1/problems/"), ("reporter", "/api/v1/progress-reports/")],
)
def test_json_nested_too_deep_is_a_400(world, viewer, url):
    response = world.client(viewer).post(url, "[" * 5000, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_an_anonymous_body_over_the_cap_is_a_413_and_nothing_is_stored(world):
    body = {**FEEDBACK, "description": "问" * 1_000_000}
    response = world.client("anonymous").post("/api/v1/problems/", body, format="json")
    assert response.status_code == 413
    assert "anonymous requests may send at most 128 KB" in response.json()["detail"]
    assert not Problem.objects.filter(title=FEEDBACK["title"]).exists()


def test_a_page_size_too_long_for_int_is_a_400(world):
    response = world.client("anonymous").get("/api/v1/projects/", {"page_size": "9" * 5000})
    assert response.status_code == 400
    assert "page_size" in response.json()


def _raw_json(client, url, body, field, value):
    """POST `body` with `field` set to `value` written as a raw JSON escape (`\\ud800`)."""
    text = json.dumps({**body, field: "PLACEHOLDER"}).replace('"PLACEHOLDER"', f'"{value}"')
    return client.post(url, text, content_type="application/json")


@pytest.mark.parametrize("field", ["category", "submitter_credit_code", "title"])
def test_a_lone_surrogate_in_a_problem_is_a_400_that_does_not_echo_it(world, field):
    response = _raw_json(world.client("anonymous"), "/api/v1/problems/", FEEDBACK, field, r"\ud800")
    assert response.status_code == 400
    assert response.json() == {field: ["Text must be valid Unicode (UTF-8)."]}
    assert not Problem.objects.filter(title=FEEDBACK["title"]).exists()


def test_a_lone_surrogate_in_a_rating_is_a_400(world):
    url = f"/api/v1/problems/track/{world.hualong.problem.tracking_code}/rate/"
    body = {"phone": "13800000000"}
    response = _raw_json(world.client("anonymous"), url, body, "satisfaction", r"x\udfff")
    assert response.status_code == 400
    assert response.json() == {"satisfaction": ["Text must be valid Unicode (UTF-8)."]}


def test_a_month_in_other_digits_names_no_reporting_period(world):
    ReportingPeriod.objects.create(year=2022, month=11, status=PeriodStatus.CLOSED)
    client = world.client("anonymous")
    assert client.get("/api/v1/reporting-periods/2022-11/").status_code == 200
    assert client.get("/api/v1/reporting-periods/٢٠٢٢-١١/").status_code == 404


def _in_two_years(today):
    try:
        return today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 2, day=28)


@pytest.mark.parametrize("due", ["9999-12-31", "later"])
def test_a_due_date_more_than_two_years_ahead_is_a_400(world, due):
    limit = _in_two_years(timezone.localdate())
    due = (limit + datetime.timedelta(days=1)).isoformat() if due == "later" else due
    problem = world.hualong.problem
    response = world.client("reviewer").post(
        f"/api/v1/problems/{problem.tracking_code}/accept/",
        {"assignee": world.hualong.cadre.pk, "due_date": due},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"due_date": ["A due date can be at most two years from today."]}


def test_a_due_date_two_years_ahead_is_accepted(world):
    due = _in_two_years(timezone.localdate()).isoformat()
    problem = world.hualong.problem
    response = world.client("reviewer").post(
        f"/api/v1/problems/{problem.tracking_code}/accept/",
        {"assignee": world.hualong.cadre.pk, "due_date": due},
        format="json",
    )
    assert response.status_code == 200, response.content
