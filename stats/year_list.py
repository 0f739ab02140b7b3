"""The period's year list summed per reporting unit and for the city: what the 赛马 table
(stats.progress) and the lights per unit (stats.warnings) are made of.

Both read the projects' ProjectYear rows (projects.totals: plan, approved investment
through each month, the light's inputs), one row per project, so that the sums take one
pass over the year's projects however many reports there are; they are cached
(core.cache) until a write to what they are computed from.
"""

from django.db.models import BigIntegerField, Count, Func, Q, Sum
from django.db.models.functions import Cast

from core.cache import cached_figures
from projects.choices import WarningLight
from projects.selectors import year_list
from projects.totals import completed_through

LIGHTS = [WarningLight.RED, WarningLight.YELLOW, WarningLight.GREEN]


class OverAllGroups(Func):
    """`SUM(aggregate) OVER ()`: beside each group's aggregate, its sum over every group of
    the query, from the same pass over the rows (what GROUP BY ROLLUP would give)."""

    template = "SUM(%(expressions)s) OVER ()"
    window_compatible = True


@cached_figures
def year_list_sums(*, period, user=None):
    """The year list the viewer may see, summed: `{"units": {district id: sums}, "city":
    sums}`, sums being the project count, the total, planned and completed investment
    (none completed before the year's first closed month) and the projects by light; of a
    published month, over its published rows (projects.selectors.year_list)."""
    rows = year_list(user=user, period=period)
    sums = {
        "project_count": Count("pk"),
        "total_investment": Sum("total_investment"),
        "planned_investment": Sum("planned_investment"),
        **{light.value: Count("pk", filter=Q(warning=light)) for light in LIGHTS},
    }
    if period.month:  # else no month of the year is closed yet, and no report counts
        done = "completed" if period.published else completed_through(period.month)
        sums["completed_investment"] = Sum(done)
    # The city's sums are the units' summed (each project has one unit), in the same query.
    city = {
        # A sum of counts is a decimal in PostgreSQL: a count again.
        f"city_{name}": Cast(OverAllGroups(total), BigIntegerField())
        if isinstance(total, Count)
        else OverAllGroups(total)
        for name, total in sums.items()
    }
    units, totals = {}, None
    # The city first: its expressions name the fields that the units' sums are named after.
    for row in rows.values("district").annotate(**city, **sums):
        totals = {name: row.pop(f"city_{name}") for name in sums}
        units[row.pop("district")] = row
    if totals is None:  # no row to carry them: the empty sums, as the database gives them
        totals = rows.aggregate(**sums)
    return {"units": units, "city": totals}
