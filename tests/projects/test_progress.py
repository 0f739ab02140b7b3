"""projects/progress.py: one project's figures, its monthly completion and its warning light."""

import datetime
from decimal import Decimal

import pytest

from core.period import Period
from projects.choices import MilestoneKind, ReportStatus, Stage
from projects.models import Project
from projects.progress import annotate_progress, monthly_completion, project_progress
from projects.totals import MONTHS, ProjectYear, light_of
from tests.factories import (
    AnnualPlanFactory,
    MilestoneFactory,
    ProjectFactory,
    monthly_report,
)

pytestmark = pytest.mark.django_db
D = Decimal


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
    monthly_report(project, 3, completed)
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
    monthly_report(project, 1, "10")
    monthly_report(project, 2, "20")
    monthly_report(project, 3, "99", status=ReportStatus.SUBMITTED)
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


def stored_lights(project, year=2022):
    """The lights ProjectYear keeps for each month of the year (projects.refresh)."""
    row = ProjectYear.objects.get(project=project, year=year)
    return [getattr(row, light_of(month)) for month in MONTHS]


def live_lights(project, year=2022):
    return [warning_of(project, month) for month in MONTHS]


def test_the_kept_lights_are_the_computed_ones_month_by_month_after_every_write():
    behind = ProjectFactory(actual_start=datetime.date(2022, 1, 10), stage=Stage.UNDER_CONSTRUCTION)
    AnnualPlanFactory(project=behind, planned_investment=D("1200"))
    for month, amount in ((1, "100"), (2, "60"), (5, "150")):
        monthly_report(behind, month, amount)
    unstarted = ProjectFactory(planned_start=datetime.date(2022, 4, 1), actual_start=None)
    AnnualPlanFactory(project=unstarted, planned_investment=D("0"))  # no plan to be behind
    milestone = MilestoneFactory(project=unstarted, planned_date=datetime.date(2022, 3, 15))
    for project in (behind, unstarted):
        assert stored_lights(project) == live_lights(project)
    assert set(stored_lights(behind)) == {"green", "yellow", "red"}
    assert set(stored_lights(unstarted)) == {"green", "yellow", "red"}

    before = [stored_lights(behind), stored_lights(unstarted)]

    # A milestone reached, a start, a report approved: each write keeps the lights true.
    milestone.actual_date = datetime.date(2022, 3, 1)
    milestone.save()
    Project.objects.filter(pk=unstarted.pk).update(actual_start=datetime.date(2022, 6, 1))
    monthly_report(behind, 6, "500")
    for project in (behind, unstarted):
        assert stored_lights(project) == live_lights(project)
    after = [stored_lights(behind), stored_lights(unstarted)]
    assert after[0] != before[0] and after[1] != before[1]
