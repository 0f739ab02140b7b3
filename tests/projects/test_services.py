"""projects/services.py: the monthly report's workflow (draft → submitted → approved /
returned), who may move it, and when it counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.period import Period
from core.roles import Role
from projects import services
from projects.choices import ReportStatus
from projects.progress import project_progress
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    ProgressReportFactory,
    ProjectFactory,
    official_user,
)

pytestmark = pytest.mark.django_db


def test_report_counts_only_once_approved(district):
    project = ProjectFactory(district=district)
    AnnualPlanFactory(project=project, planned_investment=100)
    report = ProgressReportFactory(project=project, month=6, completed_investment=40)
    reporter, reviewer = (
        official_user(Role.REPORTER, district),
        official_user(Role.REVIEWER, district),
    )

    def completed():
        return project_progress(project, period=Period(2022, 12))["completed_investment"]

    services.report_submit(report=report, user=reporter)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == reporter
    assert completed() == 0
    services.report_approve(report=report, reviewer=reviewer)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.reviewed_by == reviewer and report.reviewed_at is not None
    assert completed() == 40


def test_returned_report_needs_a_reason_and_can_be_resubmitted(district):
    report = ProgressReportFactory(project__district=district, submitted=True)
    AnnualPlanFactory(project=report.project, year=report.year)
    reporter, reviewer = (
        official_user(Role.REPORTER, district),
        official_user(Role.REVIEWER, district),
    )
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, reviewer=reviewer, reason="  ")
    assert "return_reason" in error.value.message_dict
    services.report_return(report=report, reviewer=reviewer, reason="数据有误")
    assert report.status == ReportStatus.RETURNED and report.return_reason == "数据有误"
    assert services.report_can_edit(report=report, user=reporter)
    services.report_submit(report=report, user=reporter)
    assert report.status == ReportStatus.SUBMITTED


def test_who_may_move_a_report(district):
    report = ProgressReportFactory(project__district=district, submitted=True)
    reporter = official_user(Role.REPORTER, district)
    other_reviewer = official_user(Role.REVIEWER, DistrictFactory())
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, reviewer=reporter)  # reporters do not approve
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, reviewer=other_reviewer)  # other district
    services.report_approve(report=report, reviewer=official_user(Role.CITY_ADMIN))
    assert report.status == ReportStatus.APPROVED


def test_approved_reports_are_locked_for_everyone(district):
    report = ProgressReportFactory(project__district=district, approved=True)
    reporter = official_user(Role.REPORTER, district)
    assert not services.report_can_edit(report=report, user=reporter)
    assert not services.report_can_edit(report=report, user=official_user(Role.CITY_ADMIN))
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=reporter)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, reviewer=official_user(Role.REVIEWER, district))
