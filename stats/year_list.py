"""The period's year list summed per reporting unit and for the city: what the 赛马 table
(stats.progress) and the lights per unit (stats.warnings) are made of.

Both read the projects' ProjectYear rows (projects.totals: plan, approved investment
through each month, the light's inputs), one row per project, so that the sums take two
passes over the year's projects however many reports there are; they are cached
(core.cache) until a write to what they are computed from.
"""

from django.db.models import Count, Q, Sum

from core.cache import cached_figures
from districts.models import District
from enterprises.models import Assignment
from projects.choices import WarningLight
from projects.models import AnnualPlan, Milestone, ProgressReport, Project
from projects.selectors import year_list
from projects.totals import completed_through

LIGHTS = [WarningLight.RED, WarningLight.YELLOW, WarningLight.GREEN]


@cached_figures(Project, AnnualPlan, ProgressReport, Milestone, Assignment, District)
def year_list_sums(*, period, user=None):
    """The year list the viewer may see, summed: `{"units": {district id: sums}, "city":
    sums}`, sums being the project count, the total, planned and completed investment
    (none completed before the year's first closed month) and the projects by light."""
    rows = year_list(user=user, period=period)
    sums = {
        "project_count": Count("pk"),
        "total_investment": Sum("total_investment"),
        "planned_investment": Sum("planned_investment"),
        **{light.value: Count("pk", filter=Q(warning=light)) for light in LIGHTS},
    }
    if period.month:  # else no month of the year is closed yet, and no report counts
        sums["completed_investment"] = Sum(completed_through(period.month))
    return {
        "units": {row.pop("district"): row for row in rows.values("district").annotate(**sums)},
        "city": rows.aggregate(**sums),
    }
