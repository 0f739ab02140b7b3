"""Writes with rules for key projects: the monthly report workflow.

Admin actions, the workbench, the API and pages call these; each is atomic and checks who
may act.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import PeriodStatus
from core.period import filing_state
from core.roles import Role
from core.scoping import has_role, sees_everything

from .choices import ReportStatus
from .models import Photo, ProgressReport, Project

EDITABLE_STATUSES = [ReportStatus.DRAFT, ReportStatus.RETURNED]


def report_can_edit(*, report, user):
    """Reporters edit drafts and returned reports of their district; approved ones are locked."""
    district = report.project.district_id
    if report.status in EDITABLE_STATUSES:
        return has_role(user, Role.REPORTER, Role.REVIEWER, district=district)
    return has_role(user, Role.CITY_ADMIN)


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def _require_status(report, allowed, message):
    if report.status not in allowed:
        raise ValidationError({"status": message})


@transaction.atomic
def report_submit(*, report: ProgressReport, user) -> ProgressReport:
    """A reporter hands a draft (or returned) report to the reviewer."""
    _require(
        has_role(user, Role.REPORTER, Role.REVIEWER, district=report.project.district_id),
        _("Only the district's reporters may submit this report."),
    )
    _require_status(
        report, EDITABLE_STATUSES, _("Only a draft or returned report can be submitted.")
    )
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_approve(*, report: ProgressReport, reviewer) -> ProgressReport:
    """A reviewer approves a submitted report: from now on it counts in the statistics."""
    _require(
        has_role(reviewer, Role.REVIEWER, district=report.project.district_id),
        _("Only the district's reviewers may approve this report."),
    )
    _require_status(report, [ReportStatus.SUBMITTED], _("Only a submitted report can be approved."))
    report.status = ReportStatus.APPROVED
    report.reviewed_by = reviewer
    report.reviewed_at = timezone.now()
    report.return_reason = ""
    report.save()
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, reviewer, reason: str) -> ProgressReport:
    """A reviewer sends a submitted report back to the reporter with a reason."""
    _require(
        has_role(reviewer, Role.REVIEWER, district=report.project.district_id),
        _("Only the district's reviewers may return this report."),
    )
    _require_status(report, [ReportStatus.SUBMITTED], _("Only a submitted report can be returned."))
    if not (reason or "").strip():
        raise ValidationError({"return_reason": _("Say why the report is returned.")})
    report.status = ReportStatus.RETURNED
    report.reviewed_by = reviewer
    report.reviewed_at = timezone.now()
    report.return_reason = reason.strip()
    report.save()
    return report


def report_filing_check(*, report: ProgressReport, user) -> None:
    """The reporting cycle decides when a month may be filed: reporters file for open
    periods; a report for a closed period is a late one (补报), filed by a city
    administrator and marked so. Checked when a report is created or moved to another month.
    """
    state = filing_state(report.year, report.month)
    period = f"{report.year}-{report.month:02d}"
    if state == PeriodStatus.OPEN:
        return
    if not sees_everything(user):
        if state == PeriodStatus.CLOSED:
            message = _(
                "The reporting period %(period)s is closed: a late report is filed by a city "
                "administrator."
            )
        else:
            message = _("The reporting period %(period)s is not open yet.")
        raise ValidationError({"month": message % {"period": period}})
    report.is_late = state == PeriodStatus.CLOSED


@transaction.atomic
def report_file(
    *,
    project: Project,
    year: int,
    month: int,
    completed_investment,
    narrative: str = "",
    photos=(),
    user,
    submit: bool = False,
) -> ProgressReport:
    """A reporter files a project's month in one step (the workbench): the month's report
    is created or updated, the photos are attached, and with `submit` it goes to review.

    A new report must be for a month the reporting cycle lets the user file
    (report_filing_check); a submitted or approved one is no longer the reporter's to change.
    """
    _require(
        has_role(user, Role.REPORTER)
        and Project.objects.managed_by(user).filter(pk=project.pk).exists(),
        _("Only the district's reporters may file this project's report."),
    )
    report = (
        ProgressReport.objects.select_for_update()
        .filter(project=project, year=year, month=month)
        .first()
    )
    if report is None:
        report = ProgressReport(project=project, year=year, month=month, created_by=user)
        report_filing_check(report=report, user=user)
    elif not report_can_edit(report=report, user=user):
        raise ValidationError(
            {
                "status": _(
                    "This report has been submitted or approved; it can no longer be changed."
                )
            }
        )
    report.completed_investment = completed_investment
    report.narrative = narrative
    report.full_clean()
    report.save()
    first = report.photos.count()
    for number, image in enumerate(photos, start=first + 1):
        photo = Photo(
            project=project,
            report=report,
            image=image,
            caption=f"{project.name} {year}-{month:02d} ({number})",
            taken_on=timezone.localdate(),
            order=number,
        )
        photo.full_clean()
        photo.save()
    if submit:
        report_submit(report=report, user=user)
    return report
