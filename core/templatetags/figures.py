"""Template filters for figures: THE money rule (`amount`), one for every face.

Money is stored in 万元. Every page, table, chart, tooltip, admin list and bulletin shows an
amount through `amount` (Python) or `trackerAmount` (static/js/charts.js, fed `amount_rule`
as JSON), never as a bare number:

- Chinese (zh-hans): from 1 亿 (= 10,000 万元) up in 亿元, below in 万元; always two decimals
  (rounded half up) and thousands separators: 102416.00 → "10.24 亿元", 8800.00 →
  "8,800.00 万元", 12345678.90 → "1,234.57 亿元".
- English: 1 万元 = CNY 10,000, counted as English readers count: from CNY 1 billion
  (= 10 亿 = 100,000 万元) up in billions, below in millions; two decimals, thousands
  separators: 102416.00 → "CNY 1.02 billion", 10000.00 (1 亿) → "CNY 100.00 million",
  8800.00 → "CNY 88.00 million", 50.00 → "CNY 0.50 million".

None reads "—". The rule is a list of tiers (biggest first: from, divisor, pattern), so that
the script on the page applies exactly the same one.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import get_language, gettext

register = template.Library()

YI = Decimal(10000)  # 1 亿元 = 10,000 万元
BILLION = Decimal(100000)  # CNY 1 billion = 100,000 万元
MILLION = Decimal(100)  # CNY 1 million = 100 万元
CENT = Decimal("0.01")
NONE = "—"


def counts_in_wan(language=None):
    """Chinese counts money in 万 and 亿; other languages in millions and billions."""
    return (language or get_language() or "zh-hans").lower().startswith("zh")


def amount_tiers():
    """The rule for the active language: [(from, divisor, pattern)], amounts in 万元."""
    if counts_in_wan():
        return [
            (YI, YI, gettext("%(value)s 100m yuan")),
            (Decimal(0), Decimal(1), gettext("%(value)s 10k yuan")),
        ]
    return [
        (BILLION, BILLION, gettext("CNY %(value)s billion")),
        (Decimal(0), MILLION, gettext("CNY %(value)s million")),
    ]


@register.simple_tag
def amount_rule():
    """The rule as JSON-ready data for the page's script (static/js/charts.js)."""
    return [
        {"from": int(start), "divisor": int(divisor), "pattern": pattern}
        for start, divisor, pattern in amount_tiers()
    ]


@register.filter
def amount(value):
    """An amount in 万元 as the rule above says it, with its unit ("10.24 亿元")."""
    if value is None or value == "":
        return NONE
    value = Decimal(value)
    for start, divisor, pattern in amount_tiers():
        if abs(value) >= start:
            number = (value / divisor).quantize(CENT, rounding=ROUND_HALF_UP)
            return pattern % {"value": f"{number:,.2f}"}
    raise AssertionError("the last tier starts at 0")  # pragma: no cover
