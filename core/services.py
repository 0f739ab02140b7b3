"""Writes with rules of the framework: opening and closing reporting periods (填报周期).

Closing a period moves "now" for every figure (core.period) and publishes the month
(`period_closed`: stats.publish stores its figures as version 1, in the same transaction),
so only a city administrator may do it; both moves are atomic and re-read the period's row
under a lock. A published month is never reopened: a correction is a late report (补报),
whose approval publishes a revision.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PeriodStatus, ReportingPeriod
from .scoping import sees_everything

# sender: ReportingPeriod; period: the period just closed; user: who closed it.
period_closed = Signal()


def _city_admin_only(user):
    if not sees_everything(user):
        raise PermissionDenied(_("Only a city administrator opens and closes reporting periods."))


def _move(period, user, status, message):
    """Move a period to `status`, under a row lock, by a city administrator only."""
    _city_admin_only(user)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == status:
        raise ValidationError({"status": message})
    if period.versions.exists():
        raise ValidationError(
            {
                "status": _(
                    "This month is published: it is not reopened. A correction is filed as a "
                    "late report (补报), whose approval publishes a new version."
                )
            }
        )
    closing = status == PeriodStatus.CLOSED
    period.status = status
    period.closed_by = user if closing and user.pk else None  # a command acts unsaved
    period.closed_at = timezone.now() if closing else None
    period.save()
    if closing:
        period_closed.send(sender=ReportingPeriod, period=period, user=user)
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Close a month's reporting: its approved reports become the figures' "now"."""
    return _move(period, user, PeriodStatus.CLOSED, _("This reporting period is already closed."))


@transaction.atomic
def period_open(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Open (or reopen, for corrections) a month's reporting for the reporters."""
    return _move(period, user, PeriodStatus.OPEN, _("This reporting period is already open."))


# --- the admin's two buttons: 开放下月, 关闭本月并发布 ----------------------------------------


def next_month_to_open():
    """(year, month) that 开放下月 opens: the month after the newest period on record; without
    any, the month just ended (the one reporters file for)."""
    newest = ReportingPeriod.objects.order_by("-year", "-month").values_list("year", "month")
    newest = newest.first()
    if newest is None:
        last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        return last.year, last.month
    year, month = newest
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_to_close():
    """The period that 关闭本月并发布 closes: the earliest open one (None when none is open)."""
    return ReportingPeriod.objects.open().order_by("year", "month").first()


@transaction.atomic
def period_open_next(*, user) -> ReportingPeriod:
    """Open the next month's reporting (开放下月): a new open period after the newest one, by a
    city administrator, never for a month that has not begun yet."""
    _city_admin_only(user)
    # One opener at a time: the newest row locked (a second click waits, then opens nothing).
    list(ReportingPeriod.objects.select_for_update().order_by("-year", "-month")[:1])
    year, month = next_month_to_open()
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            {"month": _("The next month has not begun yet: it is opened once it has.")}
        )
    try:
        with transaction.atomic():
            return ReportingPeriod.objects.create(year=year, month=month)
    except IntegrityError:
        raise ValidationError({"month": _("This month already has a reporting period.")}) from None


def period_close_current(*, user) -> ReportingPeriod:
    """Close and publish the month being reported (关闭本月并发布): the earliest open period."""
    _city_admin_only(user)
    period = month_to_close()
    if period is None:
        raise ValidationError({"status": _("No reporting period is open.")})
    return period_close(period=period, user=user)
