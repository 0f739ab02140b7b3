"""Plausibility flags counted per reporting unit (projects.plausibility): the reports handed
in for a year up to a month (submitted or approved) and how many carry each flag.

A published month's counts are the table it stored (stats.publish): its reports cannot
change, but a flag also reads the project's funding, plan and site, which can; so a revision
counts again only the units of its reports (report_flags_revised).
"""

import copy

from django.http import Http404

from core.scoping import scope_of
from districts.models import District
from projects.choices import ReportStatus
from projects.models import ProgressReport
from projects.plausibility import FLAGS, flag_counts, flag_totals

from .published import published

COUNTS = ["reports", "flagged_reports", *FLAGS]


def _reports(period, user):
    reports = ProgressReport.objects.visible_to(user).filter(
        year=period.year, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    )
    if period.month is None:
        return reports.none()
    return reports.filter(month__lte=period.month)


@published("report_flags")
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
    """report_flag_counts' entry of one unit (its city totals without `district`): what the
    district page shows. A published month's from its stored table; an open one's in one
    query of the unit's own."""
    if period.published is not None:
        table = report_flag_counts(period=period, user=user)
        if district is None:
            return table["city"]
        row = next((row for row in table["results"] if row["district"] == district.code), None)
        if row is None:  # a unit created after the month was published
            raise Http404("This unit has no figures in the published month.")
        return {key: row[key] for key in COUNTS}
    reports = _reports(period, user)
    if district is not None:
        reports = reports.filter(project__district=district)
    return {key: value or 0 for key, value in flag_totals(reports).items()}


def report_flags_revised(table, *, period, user=None, districts):
    """A published month's `table` as a revision stores it: the rows of `districts` (those of
    its reports' projects) counted again from the records, the city's totals moved by as
    much, every other row as published. Districts without a row (the city's own projects)
    are counted together: what the city counts beyond its units' rows."""
    table = copy.deepcopy(table)
    city, rows = table["city"], {row["district"]: row for row in table["results"]}
    reports = _reports(period, user)
    touched = {district.code for district in districts}
    moves = []  # (old counts, new counts)
    if touched - rows.keys():
        beyond = {key: city[key] - sum(row[key] for row in rows.values()) for key in COUNTS}
        now = flag_totals(reports.exclude(project__district__code__in=rows.keys()))
        moves.append((beyond, {key: value or 0 for key, value in now.items()}))
    counted = {
        row["project__district__code"]: row
        for row in flag_counts(
            reports.filter(project__district__code__in=touched & rows.keys()),
            by="project__district__code",
        )
    }
    for code in touched & rows.keys():
        new = {key: counted.get(code, dict.fromkeys(COUNTS, 0))[key] for key in COUNTS}
        moves.append((dict(rows[code]), new))
        rows[code].update(new)
    for old, new in moves:
        for key in COUNTS:
            city[key] += new[key] - old[key]
    return table
