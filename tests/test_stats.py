"""The formulas module, pinned on small hand-computed cases (DESIGN.md glossary)."""

import datetime
from decimal import Decimal

import pytest

from core.period import Period, resolve_period
from projects.choices import FundingKind, MilestoneKind, ReportStatus, Stage
from projects.models import Project
from projects.progress import annotate_progress, monthly_completion, project_progress
from stats.funding import funding_stats
from stats.milestones import milestone_stats, start_and_production_rates
from stats.problems import problem_stats
from stats.progress import district_progress
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    FundingFactory,
    MilestoneFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


def report(project, month, amount, status=ReportStatus.APPROVED, year=2022):
    return ProgressReportFactory(
        project=project, year=year, month=month, completed_investment=D(amount), status=status
    )


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
    report(p1, 1, "20")
    report(p1, 2, "30")
    report(p2, 1, "100")
    report(p2, 3, "50")
    report(p2, 4, "1000", status=ReportStatus.SUBMITTED)  # not approved: never counts
    report(p2, 5, "1000", status=ReportStatus.RETURNED)
    report(p2, 6, "1000", status=ReportStatus.DRAFT)
    report(p3, 2, "150")
    # Reports of a project without a 2022 plan are not on the year's list.
    unlisted = ProjectFactory(district=a, total_investment=D("9999"))
    report(unlisted, 1, "777")
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
        report(project, 1, "50")
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
    report(project, 1, "10")
    z = entry(district_progress(period=resolve_period(2022)), "z")
    assert z["completed_investment"] == D("10.00")
    assert z["completion_rate"] is None
    assert z["points_ahead"] is None
    empty = DistrictFactory(code="empty")
    row = entry(district_progress(period=resolve_period(2022)), empty.code)
    assert row["project_count"] == 0 and row["completion_rate"] is None


def test_problem_figures():
    district = DistrictFactory()
    ProblemFactory(district=district)  # raised, not yet accepted
    ProblemFactory(district=district, accepted=True, due_date=datetime.date(2022, 6, 1))
    ProblemFactory(district=district, in_progress=True, due_date=datetime.date(2099, 1, 1))
    ProblemFactory(district=district, resolved=True)
    ProblemFactory(district=district, closed=True, satisfaction="satisfied")
    ProblemFactory(district=district, closed=True, satisfaction="basically_satisfied")
    ProblemFactory(district=district, closed=True, satisfaction="dissatisfied")
    ProblemFactory(district=district, rejected=True)
    ProblemFactory(district=district, raised_on=datetime.date(2021, 12, 31))  # other year
    ProblemFactory(accepted=True)  # other district
    figures = problem_stats(year=2022, district=district)
    assert (figures.pop("year"), figures.pop("scope"), figures.pop("links")) == (
        2022,
        "public",
        None,  # the public reads the figures, not the ledger's rows
    )
    assert figures == {
        "raised": 8,
        "accepted": 6,
        "resolved": 4,
        "resolution_rate": D("66.7"),
        "rated": 3,
        "satisfaction_rate": D("66.7"),
        # raised (due 2022-06-30) and accepted (due 2022-06-01) are past due and open
        "overdue": 2,
    }


def test_problem_rates_without_accepted_or_rated_problems_are_none():
    district = DistrictFactory()
    ProblemFactory(district=district, rejected=True)
    figures = problem_stats(year=2022, district=district)
    assert figures["raised"] == 1
    assert figures["resolution_rate"] is None
    assert figures["satisfaction_rate"] is None


def test_funding_by_kind_and_pooled():
    district = DistrictFactory()
    project = ProjectFactory(district=district)
    FundingFactory(project=project, kind=FundingKind.CENTRAL_BUDGET, secured=100, disbursed=90)
    FundingFactory(project=project, kind=FundingKind.CENTRAL_BUDGET, secured=100, disbursed=70)
    FundingFactory(project=project, kind=FundingKind.SPECIAL_BOND, secured=300, disbursed=300)
    FundingFactory(project=project, kind=FundingKind.BANK_LOAN, year=2023, secured=5, disbursed=5)
    FundingFactory(kind=FundingKind.SPECIAL_BOND, secured=1000, disbursed=0)  # other district
    figures = funding_stats(year=2022, district=district)
    assert figures["secured"] == D("500.00")
    assert figures["disbursed"] == D("460.00")
    assert figures["disbursement_rate"] == D("92.0")
    kinds = {row["kind"]: row for row in figures["by_kind"]}
    assert kinds["central_budget"]["disbursement_rate"] == D("80.0")
    assert kinds["special_bond"]["disbursed"] == D("300.00")
    assert kinds["bank_loan"]["secured"] == D("0.00")
    assert kinds["bank_loan"]["disbursement_rate"] is None
    assert [row["kind"] for row in figures["by_kind"]] == [k.value for k in FundingKind]


def warning_of(project, month=12):
    annotated = annotate_progress(Project.objects.filter(pk=project.pk), year=2022, month=month)
    return annotated.get().warning


@pytest.mark.parametrize(
    ("completed", "expected"),
    [("95", "green"), ("90", "yellow"), ("70", "yellow"), ("69.99", "red"), ("0", "red")],
)
def test_warning_light_by_points_behind_schedule(completed, expected):
    project = ProjectFactory(
        actual_start=datetime.date(2022, 1, 10), stage=Stage.UNDER_CONSTRUCTION
    )
    AnnualPlanFactory(project=project, planned_investment=D("100"))
    report(project, 3, completed)
    # December: schedule 100 %; 90 % is 10 points behind (yellow), below 70 % is red.
    assert warning_of(project) == expected


def test_warning_light_for_a_missed_start_and_a_late_milestone():
    missed = ProjectFactory(planned_start=datetime.date(2022, 3, 15), actual_start=None)
    assert warning_of(missed, month=3) == "green"  # March is not over yet
    assert warning_of(missed, month=4) == "yellow"
    late = ProjectFactory(actual_start=datetime.date(2022, 1, 1))
    MilestoneFactory(
        project=late, kind=MilestoneKind.COMPLETION, planned_date=datetime.date(2022, 5, 10)
    )
    assert warning_of(late, month=7) == "green"  # under three months late at 31 July
    assert warning_of(late, month=8) == "red"  # more than three months late at 31 August


def test_project_progress_and_monthly_completion():
    project = ProjectFactory()
    AnnualPlanFactory(project=project, planned_investment=D("120"))
    report(project, 1, "10")
    report(project, 2, "20")
    report(project, 3, "99", status=ReportStatus.SUBMITTED)
    progress = project_progress(project, period=Period(2022, 3))
    assert progress["completed_investment"] == D("30.00")
    assert progress["completion_rate"] == D("25.0")
    assert progress["points_ahead"] == D("0.0")
    months = monthly_completion(project, period=Period(2022, 4))
    assert [row["completed_investment"] for row in months] == [
        D("10.00"),
        D("20.00"),
        D("0.00"),
        D("0.00"),
    ]
    # Cumulated to each month for the chart; months after the period are not drawn.
    assert [row["cumulative_investment"] for row in months] == [
        D("10.00"),
        D("30.00"),
        D("30.00"),
        D("30.00"),
    ]
    assert monthly_completion(project, period=Period(2023, None)) == []


def test_milestones_and_start_rates():
    district = DistrictFactory()
    as_of = datetime.date(2022, 7, 1)
    started = ProjectFactory(
        district=district,
        planned_start=datetime.date(2022, 3, 1),
        actual_start=datetime.date(2022, 3, 5),
    )
    ProjectFactory(district=district, planned_start=datetime.date(2022, 4, 1), actual_start=None)
    ProjectFactory(district=district, planned_start=datetime.date(2022, 9, 1))  # not yet due
    MilestoneFactory(
        project=started,
        kind=MilestoneKind.PRODUCTION,
        planned_date=datetime.date(2022, 6, 1),
        actual_date=datetime.date(2022, 6, 2),
    )
    MilestoneFactory(
        project=started, kind=MilestoneKind.PRODUCTION, planned_date=datetime.date(2022, 6, 20)
    )
    MilestoneFactory(
        project=started, kind=MilestoneKind.COMPLETION, planned_date=datetime.date(2022, 7, 20)
    )
    rates = start_and_production_rates(year=2022, district=district, as_of=as_of)
    assert rates["planned_starts"] == 2 and rates["started"] == 1
    assert rates["start_rate"] == D("50.0")
    assert rates["production_rate"] == D("50.0")
    assert milestone_stats(year=2022, district=district, as_of=as_of) == {
        "total": 3,
        "done": 1,
        "overdue": 1,
        "due_soon": 1,
    }
