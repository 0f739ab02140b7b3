"""Template filters for figures: large sums of 万元 read in 亿元."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext

register = template.Library()

YI = Decimal(10000)  # 1 亿元 = 10,000 万元


@register.filter
def amount(value):
    """An amount in 万元 with its unit: in 亿元 (one decimal) from 1 亿 up (883.3 亿元)."""
    if value is None:
        return "—"
    value = Decimal(value)
    if abs(value) >= YI:
        return gettext("%(value)s 100m yuan") % {"value": floatformat(value / YI, "1g")}
    return gettext("%(value)s 10k yuan") % {"value": floatformat(value, "2g")}
