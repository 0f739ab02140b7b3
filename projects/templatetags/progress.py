"""Template helpers for a project row's light: why it is yellow or red."""

from django import template

from core.formulas import points_ahead

from ..progress import (
    LATE_MILESTONE_MONTHS,
    RED_POINTS_BEHIND,
    YELLOW_POINTS_BEHIND,
    light_reasons,
)

register = template.Library()


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
