"""The one clock (core.period): the newest closed reporting period is "now"."""

import datetime

import pytest
from django.utils import timezone

from core.models import PeriodStatus, ReportingPeriod
from core.period import Period, PeriodForm, resolve_period

pytestmark = pytest.mark.django_db


def period(year, month, status=PeriodStatus.CLOSED):
    return ReportingPeriod.objects.create(year=year, month=month, status=status)


def test_without_periods_on_record_every_past_month_counts_as_closed():
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    assert resolve_period() == Period(last.year, last.month)


def test_the_newest_closed_period_is_now_and_an_open_one_is_not():
    period(2023, 3)
    period(2023, 4)
    period(2023, 5, status=PeriodStatus.OPEN)
    assert resolve_period() == Period(2023, 4)
    # A year that is over runs to December; the current one to its newest closed month.
    assert resolve_period(2022) == Period(2022, 12)
    assert resolve_period(2023) == Period(2023, 4)


def test_a_month_not_closed_yet_shows_the_newest_closed_one_labelled():
    period(2023, 4)
    chosen = resolve_period(2023, 6)
    assert (chosen.month, chosen.requested_month, chosen.limited) == (4, 6, True)
    assert resolve_period(2023, 2).limited is False
    assert resolve_period(2023, 2).month == 2


def test_a_year_after_the_newest_closed_period_has_no_figures_yet():
    period(2023, 4)
    assert resolve_period(2024) == Period(2024, None)


def test_periods_open_and_close_but_none_closed_means_nothing_counts():
    period(2023, 5, status=PeriodStatus.OPEN)
    assert resolve_period().month is None


def test_the_deadline_defaults_to_the_configured_day_of_the_next_month(settings):
    settings.REPORTING_DEADLINE_DAY = 5
    assert period(2023, 4).deadline == datetime.date(2023, 5, 5)
    assert period(2023, 12).deadline == datetime.date(2024, 1, 5)


def test_the_page_form_refuses_a_bad_year_and_falls_back_to_now():
    period(2023, 4)
    form = PeriodForm({"year": "1999"})
    assert not form.is_valid() and "year" in form.errors
    assert form.period() == Period(2023, 4)
    assert PeriodForm({"year": "2022", "month": "7"}).period() == Period(2022, 7, 7)
