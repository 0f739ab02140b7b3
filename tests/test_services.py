"""Workflows: the monthly report (draft → submitted → approved / returned) and the problem
ledger (raised → accepted → in progress → resolved → closed, or rejected)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from core.period import Period
from core.roles import Role
from enterprises import services as ledger
from enterprises.choices import ProblemStatus
from enterprises.models import Problem
from projects import services
from projects.choices import ReportStatus
from projects.progress import project_progress
from stats.problems import problem_stats
from tests.factories import (
    AnnualPlanFactory,
    AssignmentFactory,
    CadreFactory,
    DistrictFactory,
    EnterpriseFactory,
    OfficialFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return DistrictFactory()


def official(role, district=None):
    return OfficialFactory(role=role, district=district).user


def test_report_counts_only_once_approved(district):
    project = ProjectFactory(district=district)
    AnnualPlanFactory(project=project, planned_investment=100)
    report = ProgressReportFactory(project=project, month=6, completed_investment=40)
    reporter, reviewer = official(Role.REPORTER, district), official(Role.REVIEWER, district)

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
    reporter, reviewer = official(Role.REPORTER, district), official(Role.REVIEWER, district)
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
    reporter = official(Role.REPORTER, district)
    other_reviewer = official(Role.REVIEWER, DistrictFactory())
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, reviewer=reporter)  # reporters do not approve
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, reviewer=other_reviewer)  # other district
    services.report_approve(report=report, reviewer=official(Role.CITY_ADMIN))
    assert report.status == ReportStatus.APPROVED


def test_approved_reports_are_locked_for_reporters(district):
    report = ProgressReportFactory(project__district=district, approved=True)
    reporter = official(Role.REPORTER, district)
    assert not services.report_can_edit(report=report, user=reporter)
    assert services.report_can_edit(report=report, user=official(Role.CITY_ADMIN))
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=reporter)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, reviewer=official(Role.REVIEWER, district))


def test_problem_goes_through_the_ledger_and_counts(district):
    problem = ProblemFactory(district=district, submitter_phone="+86 139-0000-1234")
    reporter, reviewer = official(Role.REPORTER, district), official(Role.REVIEWER, district)
    with pytest.raises(ValidationError) as no_assignee:
        ledger.problem_accept(problem=problem, user=reporter)
    assert "assignee" in no_assignee.value.message_dict
    problem.refresh_from_db()
    ledger.problem_accept(problem=problem, user=reporter, assignee=CadreFactory(district=district))
    assert problem.accepted_on is not None
    ledger.problem_start(problem=problem, user=reporter)
    with pytest.raises(ValidationError):
        ledger.problem_resolve(problem=problem, user=reporter, resolution="")
    ledger.problem_resolve(problem=problem, user=reporter, resolution="已协调解决")
    assert problem_stats(year=problem.raised_on.year, district=district)["resolved"] == 1
    with pytest.raises(PermissionDenied):
        ledger.problem_close(problem=problem, user=reporter)
    with pytest.raises(ValidationError):  # the enterprise has not rated it yet
        ledger.problem_close(problem=problem, user=reviewer)
    with pytest.raises(ValidationError):  # not the phone it gave
        ledger.problem_rate(
            tracking_code=problem.tracking_code, phone="13900009999", satisfaction="satisfied"
        )
    ledger.problem_rate(
        tracking_code=problem.tracking_code, phone="13900001234", satisfaction="satisfied"
    )
    problem.refresh_from_db()
    ledger.problem_close(problem=problem, user=reviewer)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.closed_on is not None
    assert problem.satisfaction == "satisfied"
    assert problem.history.count() >= 5  # every step is in the change history


def test_a_problem_cannot_be_resolved_in_the_future(district):
    problem = ProblemFactory(district=district, accepted=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        ledger.problem_resolve(
            problem=problem,
            user=official(Role.REPORTER, district),
            resolution="已解决",
            resolved_on=tomorrow,
        )
    assert error.value.message_dict == {
        "resolved_on": ["A problem cannot be resolved in the future."]
    }
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.ACCEPTED


def test_illegal_transitions_are_refused_with_a_message(district):
    problem = ProblemFactory(district=district, closed=True)
    reporter = official(Role.REPORTER, district)
    with pytest.raises(ValidationError) as error:
        ledger.problem_accept(problem=problem, user=reporter)
    assert "status" in error.value.message_dict
    raised = ProblemFactory(district=district)
    with pytest.raises(ValidationError):
        ledger.problem_reject(problem=raised, user=reporter, reason="")
    ledger.problem_reject(problem=raised, user=reporter, reason="不属于受理范围")
    assert Problem.objects.get(pk=raised.pk).status == ProblemStatus.REJECTED


def test_cadre_handles_only_problems_of_assigned_enterprises(district):
    cadre_user = official(Role.CADRE)
    cadre = CadreFactory(district=district, user=cadre_user)
    mine = AssignmentFactory(cadre=cadre).enterprise
    ours = ProblemFactory(district=district, enterprise=mine)
    theirs = ProblemFactory(district=district, enterprise=EnterpriseFactory(district=district))
    ledger.problem_accept(problem=ours, user=cadre_user, assignee=cadre)
    with pytest.raises(PermissionDenied):
        ledger.problem_accept(problem=theirs, user=cadre_user)


def test_other_districts_may_not_handle_a_problem(district):
    problem = ProblemFactory(district=district)
    with pytest.raises(PermissionDenied):
        ledger.problem_accept(problem=problem, user=official(Role.REPORTER, DistrictFactory()))
    with pytest.raises(PermissionDenied):
        ledger.problem_accept(problem=problem, user=OfficialFactory.build().user)


def test_feedback_lands_in_the_ledger_of_the_enterprise_district(district):
    enterprise = EnterpriseFactory(district=district)
    problem = ledger.problem_submit_feedback(
        district=DistrictFactory(),
        title="用电增容",
        description="新生产线需要增容",
        category="power",
        submitter_company=enterprise.name,
        submitter_credit_code=enterprise.credit_code.lower(),
        submitter_name="王经理",
        submitter_phone="13900000000",
    )
    assert problem.enterprise == enterprise and problem.district == district
    assert problem.status == ProblemStatus.RAISED and problem.source == "feedback"
    assert problem.tracking_code.startswith("WQ-")


def test_feedback_with_a_bad_credit_code_is_refused(district):
    with pytest.raises(ValidationError) as error:
        ledger.problem_submit_feedback(
            district=district,
            title="t",
            description="d",
            category="other",
            submitter_company="某公司",
            submitter_credit_code="91350100M000100Y44",
        )
    assert "submitter_credit_code" in error.value.message_dict
    assert not Problem.objects.exists()
