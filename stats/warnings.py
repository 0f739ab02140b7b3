"""Warning lights (预警) counted per reporting unit: how many red, yellow and green projects."""

from django.db.models import Count, Q

from districts.models import District, DistrictKind
from projects.choices import Warning
from projects.models import Project
from projects.progress import annotate_progress, latest_month

LIGHTS = [Warning.RED, Warning.YELLOW, Warning.GREEN]


def warning_counts(*, user, year, month=None):
    """Each unit's projects of the year list (an annual plan for `year`) the viewer may see,
    counted by their light for the year up to `month` (projects.progress.annotate_progress).

    Units come in their order, the city's totals apart: `{"year", "month", "city": {…},
    "results": [{"district", "name", "red", "yellow", "green", "project_count"}]}`.
    """
    if month is None:
        month = latest_month(year)
    listed = Project.objects.visible_to(user).filter(annual_plans__year=year)
    lights = annotate_progress(listed, year=year, month=month)
    counts = {light.value: Count("pk", filter=Q(warning=light)) for light in LIGHTS}
    counts["project_count"] = Count("pk")
    per_district = {row["district"]: row for row in lights.values("district").annotate(**counts)}
    empty = dict.fromkeys(counts, 0)
    results = [
        {
            "district": unit.code,
            "name": unit.name,
            **{key: per_district.get(unit.pk, empty)[key] for key in counts},
        }
        for unit in District.objects.exclude(kind=DistrictKind.CITY)
    ]
    return {"year": year, "month": month, "city": lights.aggregate(**counts), "results": results}
