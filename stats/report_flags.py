"""Plausibility flags counted per reporting unit (projects.plausibility): the reports handed
in for a year up to a month (submitted or approved) and how many carry each flag."""

from core.scoping import scope_of
from districts.models import District
from projects.choices import ReportStatus
from projects.models import ProgressReport
from projects.plausibility import FLAGS, flag_counts, flag_totals

COUNTS = ["reports", "flagged_reports", *FLAGS]


def _reports(period, user):
    reports = ProgressReport.objects.visible_to(user).filter(
        year=period.year, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    )
    if period.month is None:
        return reports.none()
    return reports.filter(month__lte=period.month)


def report_flag_counts(*, period, user=None):
    """`{"year", "month", "scope", "city": {counts}, "results": [{"district", "name",
    counts}]}`, each unit in its order; counts are `reports`, `flagged_reports` and one per
    flag code. The public counts approved reports of published projects only."""
    reports = _reports(period, user)
    empty = dict.fromkeys(COUNTS, 0)
    per_unit = {
        row["project__district"]: row for row in flag_counts(reports, by="project__district")
    }
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "city": {key: value or 0 for key, value in flag_totals(reports).items()},
        "results": [
            {
                "district": unit.code,
                "name": unit.name,
                **{key: per_unit.get(unit.pk, empty)[key] for key in COUNTS},
            }
            for unit in District.objects.units()
        ],
    }


def unit_flag_counts(*, period, district=None, user=None):
    """report_flag_counts' entry of one unit (its city totals without `district`), in one
    query: what the district page shows."""
    reports = _reports(period, user)
    if district is not None:
        reports = reports.filter(project__district=district)
    return {key: value or 0 for key, value in flag_totals(reports).items()}
