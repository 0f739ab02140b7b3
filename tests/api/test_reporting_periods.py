"""The reporting cycle over the API: periods listed for everyone, opened and closed by the
city, and filing refused outside an open period except as a city admin's late report."""

import pytest

from core.models import PeriodStatus, ReportingPeriod
from projects.models import ProgressReport
from tests.api.test_progress_reports import URL, new_report

PERIODS = "/api/v1/reporting-periods/"


@pytest.fixture
def cycle(db):
    """2022: January to April closed, May open."""
    for month in (1, 2, 3, 4):
        ReportingPeriod.objects.create(year=2022, month=month, status=PeriodStatus.CLOSED)
    return ReportingPeriod.objects.create(year=2022, month=5)


def test_periods_are_listed_newest_first_and_filter_by_status_and_year(world, cycle):
    client = world.client("anonymous")
    body = client.get(PERIODS).json()
    assert [(p["year"], p["month"], p["status"]) for p in body["results"]][:2] == [
        (2022, 5, "open"),
        (2022, 4, "closed"),
    ]
    assert body["results"][0]["deadline"] == "2022-06-05"
    closed = client.get(PERIODS, {"status": "closed"}).json()
    assert {p["month"] for p in closed["results"]} == {1, 2, 3, 4}
    assert client.get(PERIODS, {"year": 2023}).json()["count"] == 0
    assert client.get(PERIODS, {"status": "shut"}).status_code == 400


@pytest.mark.parametrize(
    ("viewer", "status"), [("anonymous", 401), ("reporter", 403), ("city_admin", 200)]
)
def test_only_the_city_closes_a_period(world, cycle, viewer, status):
    response = world.client(viewer).post(f"{PERIODS}2022-05/close/")
    assert response.status_code == status
    cycle.refresh_from_db()
    assert cycle.status == ("closed" if status == 200 else "open")
    if status == 200:
        assert response.json()["status"] == "closed"
        assert cycle.closed_by == world.users["city_admin"] and cycle.closed_at


def test_closing_a_closed_period_is_a_400_and_reopening_works(world, cycle):
    client = world.client("city_admin")
    assert client.post(f"{PERIODS}2022-04/close/").status_code == 400
    reopened = client.post(f"{PERIODS}2022-04/open/")
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert client.get(f"{PERIODS}2022-13/").status_code == 404


def test_closing_a_period_moves_now_for_the_figures(world, cycle):
    client = world.client("city_admin")
    assert client.get("/api/v1/stats/districts/").json()["month"] == 4
    client.post(f"{PERIODS}2022-05/close/")
    assert client.get("/api/v1/stats/districts/").json()["month"] == 5


def test_reporters_file_for_the_open_period_only(world, cycle):
    client = world.client("reporter")
    assert client.post(URL, new_report(month=5), format="json").status_code == 201
    closed = client.post(URL, new_report(month=3), format="json")
    assert closed.status_code == 400
    assert "closed" in closed.json()["month"][0]
    not_open = client.post(URL, new_report(month=7), format="json")
    assert not_open.status_code == 400 and "not open yet" in not_open.json()["month"][0]


def test_a_city_admin_files_a_late_report_marked_as_such(world, cycle):
    response = world.client("city_admin").post(URL, new_report(month=3), format="json")
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get(pk=response.json()["id"]).is_late


def test_a_report_for_a_year_without_a_plan_is_refused(world):
    response = world.client("reporter").post(URL, new_report(year=2023), format="json")
    assert response.status_code == 400
    assert "no annual plan for 2023" in response.json()["year"][0]
