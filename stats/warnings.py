"""Warning lights (预警) counted per reporting unit: how many red, yellow and green projects."""

from core.period import resolve_period
from core.scoping import scope_of
from districts.models import District

from .links import api_list
from .published import published
from .year_list import LIGHTS, year_list_sums


def _links(period, district=None):
    """The projects counted, all and by light, in the project list of the period's year."""
    code = district.code if district else None
    links = {"projects": api_list("project", year=period.year, district=code)}
    for light in LIGHTS:
        links[light.value] = api_list("project", year=period.year, district=code, warning=light)
    return links


@published("warnings")
def warning_counts(*, period, user=None):
    """Each unit's projects of the year list (an annual plan for the period's year) the
    viewer may see, counted by their light for the period (projects.progress).

    Units come in their order, the city's totals apart: `{"year", "month", "limited",
    "scope", "city": {…}, "results": [{"district", "name", "red", "yellow", "green",
    "project_count", "links"}]}`.
    """
    sums = year_list_sums(period=period, user=user)
    counts = [*(light.value for light in LIGHTS), "project_count"]
    per_district = sums["units"]
    empty = dict.fromkeys(counts, 0)
    # The project list shows lights for its year's newest closed month: only then it links.
    linked = period.month == resolve_period(period.year).month

    def links(unit=None):
        return _links(period, unit) if linked else None

    results = [
        {
            "district": unit.code,
            "name": unit.name,
            **{key: per_district.get(unit.pk, empty)[key] for key in counts},
            "links": links(unit),
        }
        for unit in District.objects.units()
    ]
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "city": {**{key: sums["city"][key] for key in counts}, "links": links()},
        "results": results,
    }
