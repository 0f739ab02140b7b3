"""stats/progress.py: investment progress per district and for the city, and the 赛马 ranking,
pinned on small hand-computed cases (DESIGN.md glossary)."""

from decimal import Decimal

import pytest

from core.period import Period, resolve_period
from projects.choices import ReportStatus
from stats.progress import district_progress
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    ProblemFactory,
    ProjectFactory,
    monthly_report,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def two_districts():
    """A: plans 100 + 300, approved 20 + 30 (p1) and 100 + 50 (p2); B: plan 200, 150 done."""
    a = DistrictFactory(code="a", name="甲区", order=1)
    b = DistrictFactory(code="b", name="乙区", order=2)
    p1 = ProjectFactory(district=a, total_investment=D("1000"))
    p2 = ProjectFactory(district=a, total_investment=D("3000"))
    p3 = ProjectFactory(district=b, total_investment=D("500"))
    AnnualPlanFactory(project=p1, year=2022, planned_investment=D("100"))
    AnnualPlanFactory(project=p2, year=2022, planned_investment=D("300"))
    AnnualPlanFactory(project=p3, year=2022, planned_investment=D("200"))
    monthly_report(p1, 1, "20")
    monthly_report(p1, 2, "30")
    monthly_report(p2, 1, "100")
    monthly_report(p2, 3, "50")
    monthly_report(p2, 4, "1000", status=ReportStatus.SUBMITTED)  # not approved: never counts
    monthly_report(p2, 5, "1000", status=ReportStatus.RETURNED)
    monthly_report(p2, 6, "1000", status=ReportStatus.DRAFT)
    monthly_report(p3, 2, "150")
    # Reports of a project without a 2022 plan are not on the year's list.
    unlisted = ProjectFactory(district=a, total_investment=D("9999"))
    monthly_report(unlisted, 1, "777")
    return a, b


def entry(result, code):
    return next(row for row in result["results"] if row["district"] == code)


def test_completed_investment_counts_approved_reports_of_listed_projects(two_districts):
    result = district_progress(period=resolve_period(2022))
    a = entry(result, "a")
    assert result["month"] == 12  # a past year counts as complete
    assert a["project_count"] == 2
    assert a["total_investment"] == D("4000.00")
    assert a["planned_investment"] == D("400.00")
    assert a["completed_investment"] == D("200.00")
    assert a["completion_rate"] == D("50.0")
    assert a["schedule_rate"] == D("100.0")
    assert a["points_ahead"] == D("-50.0")


def test_figures_up_to_a_month(two_districts):
    a = entry(district_progress(period=Period(2022, 2)), "a")
    # 20 + 30 + 100 = 150 of 400 = 37.5 %; schedule 2/12 = 16.7 %; 37.5 − 16.667 = 20.8
    assert a["completed_investment"] == D("150.00")
    assert a["completion_rate"] == D("37.5")
    assert a["schedule_rate"] == D("16.7")
    assert a["points_ahead"] == D("20.8")


def test_city_totals_and_ranking(two_districts):
    result = district_progress(period=resolve_period(2022))
    city = result["city"]
    assert city["project_count"] == 3
    assert city["planned_investment"] == D("600.00")
    assert city["completed_investment"] == D("350.00")
    assert city["completion_rate"] == D("58.3")
    # B (75 %) beats A (50 %).
    assert [(row["district"], row["rank"]) for row in result["results"]] == [("b", 1), ("a", 2)]


def test_equal_completion_is_ranked_by_resolution_rate():
    a = DistrictFactory(code="a", order=1)
    b = DistrictFactory(code="b", order=2)
    for district in (a, b):
        project = ProjectFactory(district=district)
        AnnualPlanFactory(project=project, planned_investment=D("100"))
        monthly_report(project, 1, "50")
    ProblemFactory(district=a, resolved=True)
    ProblemFactory(district=a, accepted=True)  # A resolves 1 of 2
    ProblemFactory(district=b, closed=True)  # B resolves 1 of 1
    results = district_progress(period=resolve_period(2022))["results"]
    assert [(row["district"], row["rank"]) for row in results] == [("b", 1), ("a", 2)]
    assert results[1]["resolution_rate"] == D("50.0")


def test_zero_plan_gives_no_figure_not_an_error():
    district = DistrictFactory(code="z")
    project = ProjectFactory(district=district)
    AnnualPlanFactory(project=project, planned_investment=D("0"))
    monthly_report(project, 1, "10")
    z = entry(district_progress(period=resolve_period(2022)), "z")
    assert z["completed_investment"] == D("10.00")
    assert z["completion_rate"] is None
    assert z["points_ahead"] is None
    empty = DistrictFactory(code="empty")
    row = entry(district_progress(period=resolve_period(2022)), empty.code)
    assert row["project_count"] == 0 and row["completion_rate"] is None
