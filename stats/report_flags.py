"""Plausibility flags counted per reporting unit (projects.plausibility): the reports handed
in for a year up to a month (submitted or approved) and how many carry each flag.

A published month's counts are the table it stored (stats.publish). Each report is counted
when its month is published, its flags as they stood then (a flag also reads the project's
funding, plan and site, which change afterwards): a month's table is the previous published
month's of its year plus its own month's reports, so publishing counts one month's reports,
not the year's (at 5,000 projects the year to date cost 2.5 s per record, in the request
that closes the month); a revision counts again only its reports' districts.
"""

from django.db.models import Q
from django.http import Http404

from core.scoping import scope_of
from districts.models import District
from projects.choices import ReportStatus
from projects.models import ProgressReport
from projects.plausibility import FLAGS, flag_counts, flag_totals

from .published import published

COUNTS = ["reports", "flagged_reports", *FLAGS]
# The districts without a row of their own (the city's own projects), counted together.
BEYOND = ""


def _reports(period, user):
    reports = ProgressReport.objects.visible_to(user).filter(
        year=period.year, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    )
    if period.month is None:
        return reports.none()
    return reports.filter(month__lte=period.month)


def _sum(*counts):
    return {key: sum(entry[key] for entry in counts) for key in COUNTS}


def _keys():
    """A district's code as `counted` keys it: a unit's own, BEYOND for the rest."""
    units = set(District.objects.units().values_list("code", flat=True))
    return lambda code: code if code in units else BEYOND


def _counted(reports):
    """`{unit code (BEYOND for the rest): counts}` of `reports`, in one grouped query."""
    key_of = _keys()
    counted = {}
    for row in flag_counts(reports, by="project__district__code"):
        key = key_of(row["project__district__code"])
        counted[key] = _sum(counted.get(key, dict.fromkeys(COUNTS, 0)), row)
    return counted


def _table(counted, *, period, user):
    """`counted` as the table reads: each unit's row in its order, the city the sum of all."""
    empty = dict.fromkeys(COUNTS, 0)
    return {
        **period.as_dict(),
        "scope": scope_of(user),
        "city": _sum(empty, *counted.values()),
        "results": [
            {"district": unit.code, "name": unit.name, **counted.get(unit.code, empty)}
            for unit in District.objects.units()
        ],
    }


def _by_code(table):
    """A stored table back as `counted` (what the city counts beyond its rows as BEYOND)."""
    rows = {row["district"]: {key: row[key] for key in COUNTS} for row in table["results"]}
    beyond = {key: table["city"][key] - sum(row[key] for row in rows.values()) for key in COUNTS}
    return {**rows, BEYOND: beyond}


@published("report_flags")
def report_flag_counts(*, period, user=None):
    """`{"year", "month", "scope", "city": {counts}, "results": [{"district", "name",
    counts}]}`, each unit in its order; counts are `reports`, `flagged_reports` and one per
    flag code. The public counts approved reports of published projects only."""
    return _table(_counted(_reports(period, user)), period=period, user=user)


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


def report_flags_published(*, period, user=None, earlier=None, revised=None, districts=()):
    """The table a publication of `period` stores: `earlier` (the previous month's of its
    year as last published) plus the month's own reports; without it (January, or that month
    not published) the year to date counted whole. A revision (`revised`: the table of the
    version it follows) counts again only the rows of its reports' `districts`."""
    reports = _reports(period, user)
    before, table = {}, {}
    if earlier is not None:
        before, reports = _by_code(earlier), reports.filter(month=period.month)
    if revised is not None:
        table = _by_code(revised)
        key_of = _keys()
        keys = {key_of(district.code) for district in districts}
        touched = Q(project__district__in=[district.pk for district in districts])
        if BEYOND in keys:
            touched |= ~Q(project__district__in=District.objects.units())
        reports = reports.filter(touched)
    counted = _counted(reports)
    if revised is None:
        keys = before.keys() | counted.keys()
    empty = dict.fromkeys(COUNTS, 0)
    for key in keys:
        table[key] = _sum(before.get(key, empty), counted.get(key, empty))
    return _table(table, period=period, user=user)
