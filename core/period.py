"""The one clock (DESIGN.md 填报周期): which (year, month) a figure is for.

"Now" is the newest closed reporting period. Every face — pages, API, admin, exports,
lights — asks `resolve_period()`, so the same project in the same period shows the same
figures everywhere. Months after the newest closed period have no figures yet: a chosen
month later than that shows the newest closed month, labelled (`limited`).

Without any reporting period on record (a site that does not run the cycle, or a test
data set), every month before the current one counts as closed.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .formulas import reference_date
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    PeriodStatus,
    PeriodVersion,
    ReportingPeriod,
    default_deadline,
)
from .validators import whole_number


def month_label(year, month):
    """THE month format, one for every face: "2023 年 5 月" in Chinese, "May 2023" in English
    (YEAR_MONTH_FORMAT of config/formats: the admin's date lists use it too)."""
    return date_format(datetime.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class Period:
    year: int
    # The month whose figures are shown (year to date); None when nothing of `year` is
    # closed yet, and then no report counts.
    month: int | None
    # The month asked for, when one was; differs from `month` when it is not closed yet.
    requested_month: int | None = None
    # The published version read (PeriodVersion), None while the month is not published:
    # its figures are then computed live.
    published: PeriodVersion | None = field(default=None, compare=False)

    @property
    def version(self):
        return self.published.number if self.published else None

    @property
    def limited(self):
        """True when the figures stop before the month asked for (数据截至 N 月)."""
        return self.requested_month is not None and self.requested_month != self.month

    @property
    def label(self):
        """ "2023 年 4 月" (or the year alone when nothing of it is closed yet)."""
        if self.month is None:
            return gettext("%(year)s (no closed month yet)") % {"year": self.year}
        return month_label(self.year, self.month)

    @property
    def as_of(self):
        """The day the period's figures are judged at (overdue milestones, starts due): the
        month's last day, or today when that is earlier; today when nothing is closed."""
        if self.month is None:
            return timezone.localdate()
        return reference_date(self.year, self.month)

    def as_dict(self):
        """What every statistics response says about its period."""
        return {
            "year": self.year,
            "month": self.month,
            "limited": self.limited,
            "version": self.version,
            "as_of": self.as_of,
        }


def newest_closed():
    """(year, month) of the newest closed reporting period (one query)."""
    found = ReportingPeriod.objects.aggregate(
        periods=Count("pk"),
        newest=Max(F("year") * 100 + F("month"), filter=Q(status=PeriodStatus.CLOSED)),
    )
    if found["newest"] is not None:
        return divmod(found["newest"], 100)
    if found["periods"]:
        return None
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return last_month.year, last_month.month


def filing_state(year, month, *, lock=False):
    """Whether reporters may file for a month: OPEN, CLOSED, or None while the month's
    period is not open yet. Without any period on record the cycle is not in use: OPEN.
    `lock` (a write's check, in its transaction): the period's row stays locked until the
    write commits, so that a close waits for it, and it waits for a close in progress."""
    periods = ReportingPeriod.objects.all()
    own = periods.filter(year=year, month=month)
    if lock and transaction.get_connection().in_atomic_block:
        own = own.select_for_update()
    own = own.values_list("status", flat=True).first()
    if own is not None:
        return PeriodStatus(own)
    newest = periods.closed().values_list("year", "month").first()
    if newest is not None and (year, month) <= newest:
        return PeriodStatus.CLOSED
    return None if periods.exists() else PeriodStatus.OPEN


def filing_periods():
    """The months reporters file for now: the open reporting periods, the earliest deadline
    first. Without any period on record (the cycle not in use) the month just ended, as an
    unsaved period with the default deadline."""
    periods = list(ReportingPeriod.objects.open().order_by("year", "month"))
    if periods or ReportingPeriod.objects.exists():
        return periods
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return [
        ReportingPeriod(
            year=last.year, month=last.month, deadline=default_deadline(last.year, last.month)
        )
    ]


class UnknownVersion(ValueError):
    """A version asked for that the month does not have (`?version=`)."""


def resolve_period(year=None, month=None, version=None):
    """The period a request means: the newest closed one by default; a chosen year up to
    its newest closed month (12 for a year that is over), never a month not closed yet;
    with the month's newest published version, or `version` (UnknownVersion when the month
    has no such version)."""
    newest = newest_closed()
    if year is None:
        if newest is None:
            return Period(timezone.localdate().year, None, month)
        year = newest[0]
    if newest is None or year > newest[0]:
        period = Period(year, None, month)
    else:
        last = 12 if year < newest[0] else newest[1]
        period = Period(year, min(month, last) if month else last, month)
    if period.month is None:
        if version is not None:
            raise UnknownVersion(version)
        return period
    versions = PeriodVersion.objects.filter(
        period__year=period.year, period__month=period.month
    ).defer("figures", "changes")  # read once per version (stats.published)
    if version is not None:
        versions = versions.filter(number=version)
    published = versions.order_by("-number").first()
    if version is not None and published is None:
        raise UnknownVersion(version)
    return Period(period.year, period.month, month, published)


class PeriodForm(forms.Form):
    """`?year=&month=` as pages and the admin read them; `period()` resolves the choice."""

    year = forms.IntegerField(
        label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Latest"))] + [(m, MONTHS_AP[m]) for m in range(1, 13)],
    )

    version = forms.IntegerField(
        label=_("Version"), min_value=1, max_value=32767, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, years=(), with_month=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_month:
            del self.fields["month"]
        if years:
            # The select offers the given years (those with plans) and a typed-in one.
            choices = sorted(set(years), reverse=True)
            chosen = self.data.get("year")
            if whole_number(chosen) not in (None, *choices):
                choices.insert(0, int(chosen))
            self.fields["year"].widget = forms.Select(choices=[(y, y) for y in choices])

    def period(self):
        """The chosen period, resolved; the default one when nothing valid was chosen."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return resolve_period(data.get("year"), data.get("month"), data.get("version"))
        return resolve_period()
