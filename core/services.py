"""Writes with rules of the framework: opening and closing reporting periods (填报周期).

Closing a period moves "now" for every figure (core.period), so only a city administrator
may do it; both moves are atomic and re-read the period's row under a lock.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PeriodStatus, ReportingPeriod
from .scoping import sees_everything


def _locked(period, user):
    if not sees_everything(user):
        raise PermissionDenied(_("Only a city administrator opens and closes reporting periods."))
    return ReportingPeriod.objects.select_for_update().get(pk=period.pk)


@transaction.atomic
def period_close(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Close a month's reporting: its approved reports become the figures' "now"."""
    period = _locked(period, user)
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError({"status": _("This reporting period is already closed.")})
    period.status = PeriodStatus.CLOSED
    period.closed_by = user
    period.closed_at = timezone.now()
    period.save()
    return period


@transaction.atomic
def period_open(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Open (or reopen, for corrections) a month's reporting for the reporters."""
    period = _locked(period, user)
    if period.status == PeriodStatus.OPEN:
        raise ValidationError({"status": _("This reporting period is already open.")})
    period.status = PeriodStatus.OPEN
    period.closed_by = None
    period.closed_at = None
    period.save()
    return period
