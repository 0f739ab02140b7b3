"""The "赛马" table: each reporting unit's investment progress, ranked.

It spans apps (a unit's problem resolution rate breaks ties), so it sits above them.
"""

from core.cache import cached_figures
from core.formulas import ZERO, forecast, money, percent, points_ahead, schedule_rate
from core.scoping import scope_of
from districts.models import District
from projects.choices import ReportStatus

from .links import api_list
from .problems import problem_figures, problems_of
from .published import PUBLIC, published
from .year_list import year_list_sums


def _links(period, district=None):
    """The rows behind a unit's (or the city's) figures: its listed projects, and the
    approved reports whose completed investment adds up to its figure."""
    code = district.code if district else None
    return {
        "projects": api_list("project", year=period.year, district=code),
        "reports": None
        if period.month is None
        else api_list(
            "progress-report",
            year=period.year,
            until_month=period.month,
            status=ReportStatus.APPROVED,
            district=code,
        ),
    }


def _progress_figures(rows, *, month):
    completed, planned = rows.get("completed_investment"), rows["planned_investment"]
    return {
        "project_count": rows["project_count"],
        "total_investment": money(rows["total_investment"]),
        "planned_investment": money(rows["planned_investment"]),
        "completed_investment": money(completed),
        "completion_rate": percent(completed, planned),
        "schedule_rate": schedule_rate(month),
        "points_ahead": points_ahead(completed, planned, month),
        "forecast_rate": forecast(completed, planned, month)["year_end_rate"],
    }


@cached_figures
def resolution_rates(*, period):
    """Each unit's problem resolution rate in a period (the 赛马 table's tie-breaker)."""
    return {
        row["district"]: percent(row["done"], row["accepted"])
        for row in problems_of(period).values("district").annotate(**problem_figures(period.as_of))
    }


def published_resolution(period):
    """Each unit's resolution rate as its month published it (the tie-break of a revision
    is the published one)."""
    stored = period.published.figures[PUBLIC]["problems"]
    return {
        unit.pk: stored[unit.code]["resolution_rate"]
        for unit in District.objects.units()
        if unit.code in stored
    }


@published("progress")
def district_progress(*, period, user=None):
    """The "赛马" table: each reporting unit's investment progress for a resolved period
    (core.period), over the projects the viewer may see (published ones for the public).

    A unit's year list is its projects with an annual plan for that year; its completed
    investment, the approved reports of those projects up to the period's month (summed
    ahead: stats.year_list). Units are ranked by completion rate, then by problem
    resolution rate (units without a figure come last).
    """
    month = period.month
    sums = year_list_sums(period=period, user=user)
    per_district, city = sums["units"], sums["city"]
    resolution = (
        resolution_rates(period=period)
        if period.published is None
        else published_resolution(period)
    )
    empty = {
        "project_count": 0,
        "total_investment": ZERO,
        "planned_investment": ZERO,
        "completed_investment": ZERO,
    }
    results = []
    for unit in District.objects.units():
        figures = _progress_figures(per_district.get(unit.pk, empty), month=month)
        figures["resolution_rate"] = resolution.get(unit.pk)
        figures["links"] = _links(period, unit)
        results.append({"district": unit.code, "name": unit.name, **figures})
    _rank(results)
    city_unit = District.objects.city()
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "city": {
            "name": city_unit.name if city_unit else "",
            **_progress_figures(city, month=month),
            "links": _links(period),
        },
        "results": results,
    }


def _rank(results):
    """Sort by completion rate, then resolution rate (None last); equal figures share a rank."""

    def key(entry):
        rate, resolution = entry["completion_rate"], entry["resolution_rate"]
        return (rate is None, -(rate or 0), resolution is None, -(resolution or 0))

    results.sort(key=key)
    previous = None
    for position, entry in enumerate(results, start=1):
        if key(entry) != previous:
            rank, previous = position, key(entry)
        entry["rank"] = rank
