"""Milestones (关键节点), 开工率 and 投产率 of a year."""

from django.db.models import Count, Q

from core.cache import cached_figures
from core.formulas import percent
from projects.choices import MilestoneKind
from projects.models import Milestone, Project
from projects.querysets import milestone_due_soon, milestone_overdue, milestone_reached

from .published import published


@published("milestones")
@cached_figures
def milestone_stats(*, period, district=None, user=None):
    """Milestones planned in a year: total, done, overdue and due soon (DUE_SOON_DAYS) on
    the period's day."""
    as_of = period.as_of
    milestones = Milestone.objects.visible_to(user).filter(planned_date__year=period.year)
    if district is not None:
        milestones = milestones.filter(project__district=district)
    return milestones.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=milestone_reached(as_of)),
        overdue=Count("pk", filter=milestone_overdue(as_of)),
        due_soon=Count("pk", filter=milestone_due_soon(as_of)),
    )


@published("starts")
@cached_figures
def start_and_production_rates(*, period, district=None, user=None):
    """开工率 and 投产率: projects started (put into production) ÷ those planned to, by the
    period's day."""
    year, as_of = period.year, period.as_of
    projects = Project.objects.visible_to(user)
    if district is not None:
        projects = projects.filter(district=district)
    starts = projects.filter(planned_start__year=year, planned_start__lte=as_of).aggregate(
        planned=Count("pk"), done=Count("pk", filter=Q(actual_start__lte=as_of))
    )
    production = Milestone.objects.filter(
        project__in=projects,
        kind=MilestoneKind.PRODUCTION,
        planned_date__year=year,
        planned_date__lte=as_of,
    ).aggregate(planned=Count("pk"), done=Count("pk", filter=milestone_reached(as_of)))
    return {
        "planned_starts": starts["planned"],
        "started": starts["done"],
        "start_rate": percent(starts["done"], starts["planned"]),
        "planned_production": production["planned"],
        "in_production": production["done"],
        "production_rate": percent(production["done"], production["planned"]),
    }
