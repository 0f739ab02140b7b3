"""Writes with rules for key projects: the monthly report workflow.

`REPORT_WORKFLOW` is the one declaration of who moves a report from which state to which;
the services below, the admin's buttons and actions and the API's actions all derive from
it (core.workflow); the workbench files a month with `report_file`. Four eyes: whoever submitted or last edited a report cannot approve it,
and reviewers never edit reporters' figures (`report_can_edit`).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.integrity import save_checked
from core.models import PeriodStatus
from core.notify import notify
from core.period import filing_state, month_label
from core.roles import Role
from core.scoping import may_act_as, sees_everything
from core.workflow import Transition, Workflow

from .choices import ReportStatus
from .models import Photo, ProgressReport, Project

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def report_can_edit(*, report, user):
    """Reporters write drafts and returned reports (of rows the gate lets them manage);
    reviewers never edit reporters' figures; submitted reports only a city admin; approved
    reports (their figures and photos) nobody: they are published."""
    if report.status in EDITABLE_STATUSES:
        return may_act_as(user, Role.REPORTER)
    return report.status == ReportStatus.SUBMITTED and sees_everything(user)


def _late_only(report, user):
    """In a closed month a report moves only on the 补报 route: filed late by a city
    administrator (then approved by another official: four eyes)."""
    if (
        filing_state(report.year, report.month, lock=True) == PeriodStatus.CLOSED
        and not report.is_late
    ):
        return ValidationError(
            {
                "month": gettext(
                    "The reporting period %(period)s is closed: only a late report (补报), "
                    "filed by a city administrator, may still be submitted or approved."
                )
                % {"period": month_label(report.year, report.month)}
            }
        )
    return None


def _submit_check(report, user):
    state = filing_state(report.year, report.month, lock=True)
    if not sees_everything(user) and state != PeriodStatus.OPEN:
        return ValidationError({"month": _closed_message(report.year, report.month)})
    return _late_only(report, user)


def _approve_check(report, user):
    return _four_eyes(report, user) or _late_only(report, user)


def _submitted(report, user):
    report.full_clean()  # the reporter vouches for the whole report: every rule holds
    report.submitted_by = user
    report.submitted_at = timezone.now()


def _approved(report, user):
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.return_reason = ""


def _returned(report, user, *, reason):
    if not (reason or "").strip():
        raise ValidationError({"return_reason": gettext("Say why the report is returned.")})
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.return_reason = reason.strip()
    _tell_the_reporter(report)


def _tell_the_reporter(report):
    """The reporter who submitted a returned report hears it in its inbox (core.notify),
    with the reason and a link to the month's card."""
    reporter = report.submitted_by
    if reporter is None or not reporter.is_active:
        return
    month = f"{report.year}-{report.month:02d}"
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            key=f"report:{report.pk}:returned:{report.reviewed_at.isoformat()}",
            recipient=reporter,
            kind="report_returned",
            unit=report.project.district.name,
            title=gettext("Returned: %(project)s, %(month)s")
            % {"project": report.project.name, "month": month_label(report.year, report.month)},
            body=report.return_reason,
            url=f"{reverse('admin:workbench')}?{urlencode({'period': month})}#p{report.project_id}",
        )


def _four_eyes(report, user):
    if user.pk in (report.submitted_by_id, report.edited_by_id):
        return PermissionDenied(
            gettext("Four eyes: whoever submitted or last edited a report cannot approve it.")
        )
    return None


REPORT_WORKFLOW = Workflow(
    ProgressReport,
    Transition(
        "submit",
        _("Submit for review"),
        sources=EDITABLE_STATUSES,
        target=ReportStatus.SUBMITTED,
        roles=(Role.REPORTER,),
        apply=_submitted,
        check=_submit_check,
    ),
    Transition(
        "approve",
        _("Approve"),
        sources=(ReportStatus.SUBMITTED,),
        target=ReportStatus.APPROVED,
        roles=(Role.REVIEWER,),
        apply=_approved,
        check=_approve_check,
    ),
    Transition(
        "return",
        _("Return to the reporter"),
        sources=(ReportStatus.SUBMITTED,),
        target=ReportStatus.RETURNED,
        roles=(Role.REVIEWER,),
        apply=_returned,
    ),
)


def report_submit(*, report: ProgressReport, user) -> ProgressReport:
    """A reporter hands a draft (or returned) report to the district's reviewers."""
    return REPORT_WORKFLOW.run("submit", report, user=user)


def report_approve(*, report: ProgressReport, reviewer) -> ProgressReport:
    """A reviewer approves a submitted report: from now on it counts in the statistics."""
    return REPORT_WORKFLOW.run("approve", report, user=reviewer)


def report_return(*, report: ProgressReport, reviewer, reason: str) -> ProgressReport:
    """A reviewer sends a submitted report back to the reporter with a reason."""
    return REPORT_WORKFLOW.run("return", report, user=reviewer, reason=reason)


def _closed_message(year, month):
    if filing_state(year, month) == PeriodStatus.CLOSED:
        message = gettext(
            "The reporting period %(period)s is closed: a late report is filed by a city "
            "administrator."
        )
    else:
        message = gettext("The reporting period %(period)s is not open yet.")
    return message % {"period": month_label(year, month)}


def report_write_check(*, report: ProgressReport, user) -> None:
    """The one check of every write to a report — API create and update, admin forms and
    inlines, the photo admin, imports, the workbench: an approved report is read-only to
    everyone (it is published); reporters write in open periods; in a closed month only a
    city administrator writes, and the report becomes a late one (补报). The month the
    report leaves, if it moves, is checked too."""
    stored = (
        ProgressReport.objects.filter(pk=report.pk).values("status", "year", "month").first()
        if report.pk
        else None
    )
    if stored and stored["status"] == ReportStatus.APPROVED:
        raise ValidationError(
            {"status": gettext("This report is approved: its figures and photos are read-only.")}
        )
    months = {(report.year, report.month)}
    if stored:
        months.add((stored["year"], stored["month"]))
    states = {month: filing_state(*month, lock=True) for month in months}
    if sees_everything(user):
        report.is_late = states[report.year, report.month] == PeriodStatus.CLOSED
        return
    for month, state in sorted(states.items()):
        if state != PeriodStatus.OPEN:
            raise ValidationError({"month": _closed_message(*month)})


def photo_write_check(*, photo: Photo, user) -> None:
    """A photo of a report is written under its report's check (report_write_check): the
    report it is attached to, and the one it leaves."""
    reports = {photo.report_id}
    if photo.pk:
        reports.add(Photo.objects.filter(pk=photo.pk).values_list("report", flat=True).first())
    for report in ProgressReport.objects.filter(pk__in=reports - {None}):
        report_write_check(report=report, user=user)


@transaction.atomic
def photo_remove(*, photo: Photo, user) -> None:
    """A reporter takes a photo off a month it still writes (the workbench's thumbnails):
    the project must be the user's to manage, the report a draft or returned one the user
    may edit, and the write allowed by the reporting cycle (photo_write_check). The file
    goes once the removal is committed."""
    if photo.report_id is None or not (
        Project.objects.managed_by(user).filter(pk=photo.project_id).exists()
    ):
        # A project's own photos (not a month's) are managed on the project's page.
        raise PermissionDenied(gettext("This photo is not yours to remove."))
    photo_write_check(photo=photo, user=user)
    if not report_can_edit(report=photo.report, user=user):
        raise ValidationError(
            {
                "status": gettext(
                    "This report has been submitted or approved; it can no longer be changed."
                )
            }
        )
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


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

    The report must be one the reporting cycle lets the user write (report_write_check);
    a submitted or approved one is no longer the reporter's to change.
    """
    if not (
        may_act_as(user, Role.REPORTER)
        and Project.objects.managed_by(user).filter(pk=project.pk).exists()
    ):
        raise PermissionDenied(
            gettext("Only the district's reporters may file this project's report.")
        )
    report = (
        ProgressReport.objects.select_for_update()
        .filter(project=project, year=year, month=month)
        .first()
    )
    if report is None:
        report = ProgressReport(project=project, year=year, month=month, created_by=user)
    report_write_check(report=report, user=user)
    if not report_can_edit(report=report, user=user):
        raise ValidationError(
            {
                "status": gettext(
                    "This report has been submitted or approved; it can no longer be changed."
                )
            }
        )
    report.completed_investment = completed_investment
    report.narrative = narrative
    report.edited_by = user
    report.full_clean()
    save_checked(report)  # a parallel filing of the same month: the model's message
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
