"""Statistics endpoints (stats/api/: figures from the stats package in DESIGN.md's shapes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PeriodStatus, ReportingPeriod
from core.period import Period
from stats.progress import district_progress
from tests.factories import FundingFactory, ProblemFactory


def test_district_ranking_for_a_past_year(world):
    body = world.client("city_admin").get("/api/v1/stats/districts/", {"year": 2022}).json()
    assert body["year"] == 2022 and body["month"] == 12  # a past year defaults to December
    assert body["scope"] == "official" and body["limited"] is False
    links = body["city"].pop("links")
    assert links["projects"].endswith("/api/v1/projects/?year=2022")
    assert body["city"] == {
        "name": "濮阳市",
        "project_count": 4,
        "total_investment": "340000.00",
        "planned_investment": "40000.00",
        "completed_investment": "7000.00",
        "completion_rate": 17.5,
        "schedule_rate": 100.0,
        "points_ahead": -82.5,
        "forecast_rate": 17.5,  # December: the year's end is the year's figure
    }
    hualong = body["results"][0]
    assert list(hualong) == [
        "district",
        "name",
        "project_count",
        "total_investment",
        "planned_investment",
        "completed_investment",
        "completion_rate",
        "schedule_rate",
        "points_ahead",
        "forecast_rate",
        "links",
        "resolution_rate",
        "rank",
    ]
    assert [(r["district"], r["rank"], r["completion_rate"]) for r in body["results"]] == [
        ("hualong", 1, 17.5),
        ("jingkai", 1, 17.5),
    ]


def test_the_public_figures_count_published_projects_only(world):
    public = world.client("anonymous").get("/api/v1/stats/districts/", {"year": 2022}).json()
    official = world.client("city_admin").get("/api/v1/stats/districts/", {"year": 2022}).json()
    assert public["scope"] == "public"
    # Each district has one published and one unpublished project on the 2022 list.
    assert public["city"]["project_count"] == 2 < official["city"]["project_count"] == 4
    assert public["city"]["total_investment"] == "240000.00"


def test_district_ranking_up_to_a_month_matches_the_formulas_module(world):
    FundingFactory(project=world.jingkai.project, year=2022)  # unrelated rows change nothing
    body = (
        world.client("anonymous").get("/api/v1/stats/districts/", {"year": 2022, "month": 1}).json()
    )
    expected = district_progress(period=Period(2022, 1))
    assert body["month"] == 1
    assert body["city"]["schedule_rate"] == float(expected["city"]["schedule_rate"]) == 8.3
    assert body["city"]["points_ahead"] == float(expected["city"]["points_ahead"])
    for row, want in zip(body["results"], expected["results"], strict=True):
        assert row["district"] == want["district"]
        assert row["completed_investment"] == f"{want['completed_investment']:.2f}"
        assert row["completion_rate"] == float(want["completion_rate"])


def test_problem_statistics_for_a_district(world):
    ProblemFactory(district=world.hualong.district, closed=True)
    ProblemFactory(district=world.hualong.district, rejected=True)
    client = world.client("anonymous")
    body = client.get("/api/v1/stats/problems/", {"year": 2022, "district": "hualong"}).json()
    assert body.pop("links") is None  # the public may not read the ledger's rows
    assert body == {
        "year": 2022,
        "month": 12,
        "limited": False,
        "version": None,
        "as_of": "2022-12-31",
        "scope": "public",
        "raised": 3,
        "accepted": 1,
        "resolved": 1,
        "resolution_rate": 100.0,
        "solved": 1,  # the closed one, solved
        "solved_rate": 100.0,
        "rated": 1,
        "satisfaction_rate": 100.0,
        "overdue": 1,
        "reopened": 0,
    }
    empty = client.get("/api/v1/stats/problems/", {"year": 2030}).json()
    assert empty["raised"] == 0 and empty["resolution_rate"] is None


def test_funding_statistics_pool_every_kind(world):
    FundingFactory(
        project=world.hualong.project, kind="special_bond", secured="3000.00", disbursed="2700.00"
    )
    body = (
        world.client("city_admin")
        .get("/api/v1/stats/funding/", {"year": 2022, "district": "hualong"})
        .json()
    )
    assert body["secured"] == "5000.00" and body["disbursed"] == "4300.00"
    assert body["disbursement_rate"] == 86.0
    kinds = {row["kind"]: row for row in body["by_kind"]}
    assert kinds["central_budget"]["disbursement_rate"] == 80.0
    assert kinds["special_bond"] == {
        "kind": "special_bond",
        "label": "Local government special bonds",
        "secured": "3000.00",
        "disbursed": "2700.00",
        "disbursement_rate": 90.0,
        "links": {
            "funding": "http://testserver/api/v1/funding/?year=2022&district=hualong&kind=special_bond"
        },
    }
    assert kinds["bank_loan"]["disbursement_rate"] is None


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("districts", {"year": "1999"}, "year"),
        ("districts", {"year": "20x2"}, "year"),
        ("districts", {"year": 2022, "month": "13"}, "month"),
        ("districts", {"year": 2022, "month": "0"}, "month"),
        ("problems", {"year": 2022, "district": "atlantis"}, "district"),
        ("funding", {"year": "2022.5"}, "year"),
    ],
)
def test_bad_statistics_parameters_answer_400(world, path, params, field):
    response = world.client("anonymous").get(f"/api/v1/stats/{path}/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_statistics_default_to_the_newest_closed_period(world):
    """As the pages do: without `year`, the newest closed reporting period is "now"."""
    ReportingPeriod.objects.create(year=2022, month=1, status=PeriodStatus.CLOSED)
    ReportingPeriod.objects.create(year=2022, month=2, status=PeriodStatus.OPEN)
    client = world.client("city_admin")
    body = client.get("/api/v1/stats/districts/").json()
    assert (body["year"], body["month"], body["limited"]) == (2022, 1, False)
    assert body["city"]["completed_investment"] == "7000.00"
    # A month not closed yet shows the newest closed one, and says so.
    later = client.get("/api/v1/stats/districts/", {"month": 6}).json()
    assert (later["month"], later["limited"]) == (1, True)
    # The world's problems were raised in May: not yet by 31 January, the period's day.
    assert client.get("/api/v1/stats/problems/").json()["raised"] == 0
    assert client.get("/api/v1/stats/problems/", {"year": 2021}).json()["raised"] == 0
    assert client.get("/api/v1/stats/funding/").json()["secured"] == "4000.00"


@pytest.mark.parametrize("path", ["districts", "problems", "funding"])
def test_statistics_take_few_queries_whatever_the_data(world, path, uncached):
    client = world.client("anonymous")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/api/v1/stats/{path}/", {"year": 2022})
    for _ in range(3):
        ProblemFactory(district=world.jingkai.district)
        FundingFactory(project=world.jingkai.hidden_project)
    with CaptureQueriesContext(connection) as after:
        client.get(f"/api/v1/stats/{path}/", {"year": 2022})
    assert len(after) == len(before) <= 10
