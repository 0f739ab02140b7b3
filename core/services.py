"""Writes with rules of the framework: opening and closing reporting periods (填报周期).

Closing a period moves "now" for every figure (core.period) and publishes the month
(`period_closed`: stats.publish stores its figures as version 1, in the same transaction),
so only a city administrator may do it; both moves are atomic and re-read the period's row
under a lock. A published month is never reopened: a correction is a late report (补报),
whose approval publishes a revision.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PeriodStatus, ReportingPeriod
from .scoping import sees_everything

# sender: ReportingPeriod; period: the period just closed; user: who closed it.
period_closed = Signal()


def _move(period, user, status, message):
    """Move a period to `status`, under a row lock, by a city administrator only."""
    if not sees_everything(user):
        raise PermissionDenied(_("Only a city administrator opens and closes reporting periods."))
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
