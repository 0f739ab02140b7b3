"""How rates, points and lights read on every page, and why a row's light is yellow or red.

Filters and tags rather than included templates: a list renders them for every row.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.formulas import points_ahead

from ..choices import WarningLight
from ..progress import (
    LATE_MILESTONE_MONTHS,
    RED_POINTS_BEHIND,
    YELLOW_POINTS_BEHIND,
    light_reasons,
)

register = template.Library()

NONE = mark_safe('<span class="none">—</span>')


@register.filter
def rate(value):
    """A rate in percent with one decimal (45.3%), or a dash when there is none."""
    return NONE if value is None else f"{floatformat(value, 1)}%"


@register.filter
def points(value):
    """Points ahead of (+) or behind (−) the schedule rate, coloured, or a dash."""
    if value is None:
        return NONE
    sign = "+" if value > 0 else ""
    return format_html(
        '<span class="{}">{}{}</span>',
        "behind" if value < 0 else "ahead",
        sign,
        floatformat(value, 1),
    )


@register.filter
def light_word(value):
    """The word of a warning light (its WarningLight label, in the page's language)."""
    return WarningLight(value).label


@register.simple_tag
def light(value, reasons=None):
    """The warning light (预警) of `value`: colour, word and, when given, why it is yellow
    or red."""
    word = light_word(value)
    if not reasons:
        return format_html('<span class="light light-{}">{}</span>', value, word)
    why = "; ".join(str(reason) for reason in reasons)
    return format_html(
        '<span class="light light-{}" title="{}">{}</span><span class="light-reasons">{}</span>',
        value,
        why,
        word,
        why,
    )


@register.simple_tag
def row_light_reasons(project, period):
    """Reasons of a row annotated by `annotate_progress` for `period` (list pages)."""
    return light_reasons(
        warning=project.warning,
        points=points_ahead(project.completed_investment, project.plan_investment, period.month),
        late_milestones=project.late_milestones,
        start_missed=project.start_missed,
    )


@register.simple_tag
def light_thresholds():
    """The light's thresholds for the legend, from their one definition."""
    return {
        "yellow": YELLOW_POINTS_BEHIND,
        "red": RED_POINTS_BEHIND,
        "months": LATE_MILESTONE_MONTHS,
    }
