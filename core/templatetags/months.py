"""`{% month_label year month %}`: THE month format (core.period.month_label), "2023 年 5 月"."""

from django import template

from core.period import month_label as _month_label

register = template.Library()


@register.simple_tag
def month_label(year, month):
    return _month_label(year, month) if year and month else ""
