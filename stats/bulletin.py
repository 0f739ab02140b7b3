"""The monthly bulletin (月度通报) of a published version: what its Word and PDF documents
say (stats.bulletin_documents lays them out), read from the version's public record."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formulas import points_ahead
from core.models import PeriodVersion
from districts.models import District
from projects.choices import WarningLight
from projects.progress import light_reasons
from projects.selectors import year_list

from .progress import district_progress
from .published import described
from .warnings import warning_counts


def issue_number(version):
    """第 N 期: the month's place among the published months of its year."""
    return PeriodVersion.objects.filter(
        number=1, period__year=version.period.year, period__month__lte=version.period.month
    ).count()


def red_projects(period):
    """The public record's red lights, by unit, each with its reasons."""
    rows = (
        year_list(user=None, period=period)
        .filter(warning=WarningLight.RED)
        .order_by("district__order", F("points_ahead").asc(nulls_last=True), "code")
        .values(
            "code",
            "name",
            "district__name",
            "completed",
            "planned_investment",
            "late_milestones",
            "start_missed",
            "warning",
        )
    )
    projects = []
    for row in rows:
        points = points_ahead(row["completed"], row["planned_investment"], period.month)
        projects.append(
            {
                "district_name": row["district__name"],
                "code": row["code"],
                "name": row["name"],
                "reasons": light_reasons(
                    warning=row["warning"],
                    points=points,
                    late_milestones=row["late_milestones"],
                    start_missed=row["start_missed"],
                ),
            }
        )
    return projects


def bulletin(period):
    """The bulletin of a published period (core.period.Period with `published`)."""
    version = period.published
    progress = district_progress(period=period)
    lights = warning_counts(period=period)
    per_unit = {row["district"]: row for row in lights["results"]}
    for row in progress["results"]:
        row.update(
            {light: per_unit[row["district"]][light] for light in ("red", "yellow", "green")}
        )
    progress["city"].update({light: lights["city"][light] for light in ("red", "yellow", "green")})
    city = District.objects.city()
    changes = PeriodVersion.objects.values_list("changes", flat=True).get(pk=version.pk)
    return {
        "title": _("Key project construction monthly bulletin of %(city)s")
        % {"city": city.name if city else ""},
        "issue": issue_number(version),
        "year": period.year,
        "month": period.month,
        "version": version.number,
        "office": _("Key Projects Office of %(city)s") % {"city": city.name if city else ""},
        "issued_on": timezone.localtime(version.published_at).date(),
        "as_of": period.as_of,
        "city": progress["city"],
        "results": progress["results"],
        "red_projects": red_projects(period),
        "changes": [described(change) for change in (changes or {}).get("public", [])],
    }
