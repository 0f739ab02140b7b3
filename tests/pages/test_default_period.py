"""Pages opened without a year show "now": the newest closed reporting period."""

import datetime

import pytest

from core.models import PeriodStatus, ReportingPeriod
from tests.factories import AnnualPlanFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_until_april_2023():
    project = ProjectFactory(code="p-1", actual_start=datetime.date(2022, 3, 1))
    AnnualPlanFactory(project=project, year=2023, planned_investment=1200)
    for month in (1, 2, 3, 4):
        ProgressReportFactory(
            project=project, year=2023, month=month, completed_investment=100, approved=True
        )
    ProgressReportFactory(project=project, year=2023, month=5, submitted=True)  # not counted
    for month in (1, 2, 3, 4):
        ReportingPeriod.objects.create(year=2023, month=month, status=PeriodStatus.CLOSED)
    ReportingPeriod.objects.create(year=2023, month=5, status=PeriodStatus.OPEN)
    return project


def test_default_is_the_newest_closed_period(client, data_until_april_2023):
    progress = client.get("/rankings/").context["progress"]
    assert (progress["year"], progress["month"]) == (2023, 4)
    # 400 of 1200 = 33.3 % against a schedule of 4/12 = 33.3 %: on schedule, not behind.
    assert progress["city"]["points_ahead"] == 0
    home = client.get("/").context["progress"]
    assert (home["year"], home["month"]) == (2023, 4)


def test_a_chosen_past_year_counts_as_complete(client, data_until_april_2023):
    ReportingPeriod.objects.create(year=2024, month=1, status=PeriodStatus.CLOSED)
    progress = client.get("/rankings/?year=2023").context["progress"]
    assert progress["month"] == 12
    assert progress["city"]["points_ahead"] < -60


def test_list_warnings_follow_the_default_month(client, data_until_april_2023):
    response = client.get("/projects/")
    row = response.context["page_obj"].object_list[0]
    assert row.warning == "green"
