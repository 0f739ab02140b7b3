"""Reads of key projects for pages, the API and exports: visibility gate plus joins."""

from django.db.models import Avg, Count, Q, Sum

from core.cache import cached_figures
from districts.models import FUNCTIONAL_ZONE_KINDS, District

from .choices import RESOURCE_UNITS, ResourceKind
from .models import AnnualPlan, ApprovalItem, ProgressReport, Project, ResourceNeed
from .progress import annotate_progress, annotate_year_lights
from .published import PublishedProject
from .totals import ProjectYear


def project_list(*, user, period=None):
    """Projects the user may see, with the joins a list shows (no query per row).

    With a `period` (core.period), each row carries its plan, completion and light.
    """
    projects = Project.objects.visible_to(user).select_related("district", "industry", "owner")
    if period is not None:
        projects = annotate_progress(projects, period=period)
    return projects


def year_list(*, user, period):
    """The period's year list the user may see (projects with an annual plan that year) as
    their ProjectYear rows, each with its plan, completion and light for the period: a
    table over thousands of projects in one pass. A published month's are its
    PublishedProject rows, as published."""
    if period.published is not None:
        rows = PublishedProject.objects.visible_to(user).of(period.published)
        return annotate_year_lights(
            rows.filter(planned_investment__isnull=False), published=True, month=period.month
        )
    rows = ProjectYear.objects.visible_to(user).filter(
        year=period.year, planned_investment__isnull=False
    )
    return annotate_year_lights(rows, month=period.month)


def latest_approved_reports(*, user, period, count):
    """The `count` newest approved reports up to a period that the user may see, newest
    first. The period's year and the years before it are read apart, each an ordered walk
    of one index (report_latest_approved) that stops after `count` rows; "up to a month" as
    one condition would make the walk skip every later report first."""
    reports = (
        ProgressReport.objects.visible_to(user)
        .approved()
        .select_related("project", "project__district")
        .order_by("-year", "-month", "-reviewed_at", "-pk")
    )
    this_year = reports.filter(year=period.year, month__lte=period.month or 0)
    earlier = reports.filter(year__lt=period.year)
    return [*this_year[:count], *earlier[:count]][:count]


@cached_figures
def plan_years():
    """The years some project has an annual plan for, newest first (period forms offer them)."""
    return list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True).distinct())


# A cadre's projects are those of its assignments.
@cached_figures
def zone_markers(*, user):
    """Functional zones (not administrative areas, so without a boundary), each placed at
    the mean position of the viewer's projects that have one."""
    located = Project.objects.visible_to(user).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    return list(
        District.objects.filter(
            kind__in=FUNCTIONAL_ZONE_KINDS, projects__in=located.values("pk")
        ).annotate(latitude=Avg("projects__latitude"), longitude=Avg("projects__longitude"))
    )


def map_layers(projects, *, user):
    """The layers of a project map: `projects` (annotated with their progress) that have
    coordinates, and the functional zones placed at the centre of the user's projects."""
    return {
        "results": projects.filter(latitude__isnull=False, longitude__isnull=False),
        "zones": zone_markers(user=user),
    }


def preliminary_board(*, projects, as_of):
    """The 前期手续 board of a unit: over the approval items of `projects` (a queryset the
    viewer may see), `required`, `done` and `late` on `as_of` — one aggregate query."""
    return ApprovalItem.objects.filter(project__in=projects.values("pk")).board(as_of)


def resource_totals(*, projects):
    """要素保障 of a unit: per factor, over the needs of `projects`, the totals `needed`,
    `secured` and `gap`, and how many projects still have a gap — summed by the database;
    factors in their listed order, with their units."""
    rows = (
        ResourceNeed.objects.filter(project__in=projects.values("pk"))
        .with_gap()
        .values("kind")
        .annotate(
            needed_total=Sum("needed"),
            secured_total=Sum("secured"),
            gap_total=Sum("gap"),
            short=Count("project", filter=Q(gap__gt=0), distinct=True),
        )
        .order_by()
    )
    by_kind = {row["kind"]: row for row in rows}
    return [
        {
            "kind": kind,
            "label": label,
            "unit": RESOURCE_UNITS[kind][0],
            "unit_label": RESOURCE_UNITS[kind][1],
            "needed": by_kind[kind]["needed_total"],
            "secured": by_kind[kind]["secured_total"],
            "gap": by_kind[kind]["gap_total"],
            "projects_short": by_kind[kind]["short"],
        }
        for kind, label in ResourceKind.choices
        if kind in by_kind
    ]
