"""The city's supervision table: per district, what is behind — reports not handed in for
the filing period, red and yellow lights, overdue problems and milestones — each figure
linked to the admin list of exactly those rows (the drill-down of the one clock).

Reports not filed are today's work, counted through the scoping gate (`managed_by`). The
rest are the figures of the period every face shows, read where every face reads them (so a
published month's are the ones it stored): the lights from its year list
(`projects.selectors.year_list`), the overdue problems and milestones from each unit's
figure groups (`stats.problems`, `stats.milestones`; an open month's cached per unit until
the next write). It lives with the pages, not in `supervision`: it reads the statistics.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from core.admin.display import changelist_url
from core.period import filing_periods, resolve_period
from districts.models import District
from enterprises.models import Problem
from projects.choices import WarningLight
from projects.filing import unfiled_projects
from projects.models import Milestone, Project
from projects.selectors import year_list
from stats.milestones import milestone_stats
from stats.problems import problem_stats


def _by_district(rows):
    return {row["district"]: row["n"] for row in rows}


def district_table(user):
    """Per unit: reports not filed for the filing period (today's work), and the lights,
    overdue problems and overdue milestones of the period every face shows, as of its day."""
    now = resolve_period()
    as_of = now.as_of
    periods = filing_periods()
    filing = periods[0] if periods else None
    unfiled = {}
    if filing is not None:
        unfiled = _by_district(
            unfiled_projects(filing.year, filing.month)
            .managed_by(user)
            .values("district")
            .annotate(n=Count("pk"))
        )
    lights = {}
    # The year list's lights as kept ahead (or published) for the period, one row per
    # project: computing them afresh over every project took 0.9 s at 100,000 projects.
    for row in (
        year_list(user=user, period=now)
        .filter(warning__in=[WarningLight.RED, WarningLight.YELLOW])
        .values("district", "warning")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        lights[row["district"], row["warning"]] = row["n"]
    rows = []
    for unit in District.objects.units():
        workbench = {"district": unit.code}
        if filing is not None:
            workbench["period"] = f"{filing.year}-{filing.month:02d}"
        in_unit = {"district__id__exact": unit.pk}
        rows.append(
            {
                "district": unit,
                "unfiled": unfiled.get(unit.pk, 0),
                "unfiled_url": f"{reverse('admin:workbench')}?{urlencode(workbench)}",
                "red": lights.get((unit.pk, WarningLight.RED), 0),
                "red_url": changelist_url(
                    Project, year=now.year, warning=WarningLight.RED, **in_unit
                ),
                "yellow": lights.get((unit.pk, WarningLight.YELLOW), 0),
                "yellow_url": changelist_url(
                    Project, year=now.year, warning=WarningLight.YELLOW, **in_unit
                ),
                "problems": problem_stats(period=now, district=unit, user=user)["overdue"],
                "problems_url": changelist_url(Problem, overdue=as_of.isoformat(), **in_unit),
                "milestones": milestone_stats(period=now, district=unit, user=user)["overdue"],
                "milestones_url": changelist_url(
                    Milestone, due=f"overdue-{as_of}", project__district__id__exact=unit.pk
                ),
            }
        )
    return {"filing": filing, "period": now, "as_of": as_of, "rows": rows}
