"""The "赛马" table: each reporting unit's investment progress, ranked.

It spans apps (a unit's problem resolution rate breaks ties), so it sits above them.
"""

from django.db.models import Count, Sum

from core.formulas import ZERO, money, percent, points_ahead, schedule_rate
from districts.models import District, DistrictKind
from enterprises.models import Problem
from projects.models import Project
from projects.progress import approved_reports, latest_month

from .problems import problem_figures


def _progress_figures(rows, *, month):
    completed, planned = rows.get("completed_investment"), rows["planned_investment"]
    return {
        "project_count": rows["project_count"],
        "total_investment": money(rows["total_investment"]),
        "planned_investment": money(rows["planned_investment"]),
        "completed_investment": money(rows.get("completed_investment")),
        "completion_rate": percent(completed, planned),
        "schedule_rate": schedule_rate(month),
        "points_ahead": points_ahead(completed, planned, month),
    }


def district_progress(*, year, month=None, districts=None):
    """The "赛马" table: each reporting unit's investment progress for a year up to a month.

    A unit's year list is its projects with an annual plan for that year. Units are ranked
    by completion rate, then by problem resolution rate (units without a figure come last).
    """
    if month is None:
        month = latest_month(year)
    listed = Project.objects.filter(annual_plans__year=year)
    if districts is not None:
        listed = listed.filter(district__in=districts)
    listed_figures = {
        "project_count": Count("pk"),
        "total_investment": Sum("total_investment"),
        "planned_investment": Sum("annual_plans__planned_investment"),
    }
    per_district = {
        row["district"]: row for row in listed.values("district").annotate(**listed_figures)
    }
    reports = approved_reports(year, month).filter(project__in=listed.values("pk"))
    for row in reports.values("project__district").annotate(total=Sum("completed_investment")):
        per_district[row["project__district"]]["completed_investment"] = row["total"]
    city = listed.aggregate(**listed_figures)
    city["completed_investment"] = reports.aggregate(total=Sum("completed_investment"))["total"]
    resolution = {
        row["district"]: percent(row["done"], row["accepted"])
        for row in Problem.objects.filter(raised_on__year=year)
        .values("district")
        .annotate(**problem_figures())
    }
    units = District.objects.exclude(kind=DistrictKind.CITY)
    if districts is not None:
        units = units.filter(pk__in=[getattr(d, "pk", d) for d in districts])
    empty = {
        "project_count": 0,
        "total_investment": ZERO,
        "planned_investment": ZERO,
        "completed_investment": ZERO,
    }
    results = []
    for unit in units:
        figures = _progress_figures(per_district.get(unit.pk, empty), month=month)
        figures["resolution_rate"] = resolution.get(unit.pk)
        results.append({"district": unit.code, "name": unit.name, **figures})
    _rank(results)
    return {
        "year": year,
        "month": month,
        "city": {"name": _city_name(), **_progress_figures(city, month=month)},
        "results": results,
    }


def _city_name():
    city = District.objects.city()
    return city.name if city else ""


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
