"""The glossary's arithmetic (DESIGN.md "Glossary and formulas"), in one place.

Every figure module (`projects.progress`, `stats.*`) takes its ratios, rounding, schedule
rate and points ahead from here: a rate is the ratio of two database aggregates, rounded
to one decimal, and None ("no figure") when its denominator is zero.
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, F, FloatField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
RATE = FloatField()
ONE_DECIMAL = Decimal("0.1")


def round_rate(value):
    return None if value is None else value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def ratio(numerator, denominator):
    if not denominator:
        return None
    return Decimal(numerator or 0) * 100 / Decimal(denominator)


def percent(numerator, denominator):
    """numerator ÷ denominator as a percentage with one decimal; None when undefined."""
    return round_rate(ratio(numerator, denominator))


def money(amount):
    """An amount in 万元 with exactly two decimals (SQLite returns bare numbers)."""
    return Decimal(amount or 0).quantize(ZERO, rounding=ROUND_HALF_UP)


def points_ahead(completed, planned, month):
    """超序时进度: (completion rate − schedule rate) × 100, from unrounded rates."""
    rate = ratio(completed, planned)
    if rate is None or month is None:
        return None
    return round_rate(rate - ratio(month, 12))


def percent_sql(numerator, denominator):
    """`ratio` of two columns in SQL, unrounded (NULL when the denominator is not positive),
    so that rows can be sorted on a rate; shown with one decimal, rounded half up, like
    `percent`. A float: SQLite stores whole amounts as integers and would divide them as such.
    """
    return Case(
        When(
            **{f"{denominator}__gt": 0},
            then=Cast(F(numerator), RATE) * 100 / F(denominator),
        ),
        default=Value(None),
        output_field=RATE,
    )


def points_ahead_sql(rate, month):
    """`points_ahead` in SQL: the unrounded rate column minus the schedule rate of `month`."""
    if month is None:
        return Value(None, output_field=RATE)
    return F(rate) - Value(float(ratio(month, 12)), output_field=RATE)


def forecast(completed, planned, month):
    """预测 (DESIGN.md "Project life"): the year's end at the current pace — completed ÷ month
    × 12 — and its share of the plan; the monthly amount that would still finish the plan in
    the months left; whether the pace reaches the plan. None where undefined (no closed
    month, no plan, or no month left)."""
    if month is None:
        return {"year_end": None, "year_end_rate": None, "monthly_needed": None, "on_track": None}
    done = Decimal(completed or 0)
    year_end = money(done * 12 / month)
    needed = None
    if planned and month < 12:
        needed = money(max(Decimal(planned) - done, ZERO) / (12 - month))
    return {
        "year_end": year_end,
        "year_end_rate": percent(year_end, planned),
        "monthly_needed": needed,
        "on_track": None if not planned else year_end >= Decimal(planned),
    }


def schedule_rate(month):
    """序时进度: the share of the year elapsed at the month reported (month ÷ 12)."""
    if month is None:
        return None
    return percent(month, 12)


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def months_before(day, months):
    """The same day `months` earlier (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def reference_date(year, month):
    """The date a month's figures are judged at: the month's end, or today if earlier."""
    return min(month_end(year, month), timezone.localdate())
