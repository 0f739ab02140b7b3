"""The formulas module: every figure of DESIGN.md's glossary, computed by the database.

Pages, the API and the admin call these functions; nothing else computes a figure. Sums and
counts are SQL aggregates over the records; only the final ratio of two aggregates is taken
here, rounded to one decimal, and is None ("no figure") when its denominator is zero.
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from districts.models import District, DistrictKind
from enterprises.choices import ACCEPTED_STATUSES, DONE_STATUSES, SATISFIED_VALUES
from enterprises.models import Problem, problem_overdue

from .choices import FundingKind, MilestoneKind, ReportStatus, Warning
from .models import (
    AnnualPlan,
    Funding,
    Milestone,
    ProgressReport,
    Project,
    milestone_due_within,
    milestone_overdue,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
ONE_DECIMAL = Decimal("0.1")


def _round(value):
    return None if value is None else value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _ratio(numerator, denominator):
    if not denominator:
        return None
    return Decimal(numerator or 0) * 100 / Decimal(denominator)


def percent(numerator, denominator):
    """numerator ÷ denominator as a percentage with one decimal; None when undefined."""
    return _round(_ratio(numerator, denominator))


def money(amount):
    """An amount in 万元 with exactly two decimals (SQLite returns bare numbers)."""
    return Decimal(amount or 0).quantize(ZERO, rounding=ROUND_HALF_UP)


def points_ahead(completed, planned, month):
    """超序时进度: (completion rate − schedule rate) × 100, from unrounded rates."""
    rate = _ratio(completed, planned)
    if rate is None or month is None:
        return None
    return _round(rate - _ratio(month, 12))


def schedule_rate(year, month):
    """序时进度: the share of the year elapsed at the month reported (month ÷ 12)."""
    if month is None:
        return None
    return percent(month, 12)


def latest_month(year):
    """The default month: 12 for a past year, else the latest month with approved reports."""
    if year < timezone.localdate().year:
        return 12
    return (
        ProgressReport.objects.filter(year=year, status=ReportStatus.APPROVED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def latest_period():
    """(year, month) of the newest approved report: where the data's "now" is, for pages
    opened without a chosen year. (None, None) before anything is approved."""
    latest = (
        ProgressReport.objects.filter(status=ReportStatus.APPROVED)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return latest or (None, None)


def default_period():
    """The (year, month) a page opened without a choice shows: the newest approved month,
    else the latest plan year up to this one (month None: the formulas' own default)."""
    year, month = latest_period()
    if year is None:
        today = timezone.localdate()
        latest = AnnualPlan.objects.filter(year__lte=today.year).order_by("-year")
        year = latest.values_list("year", flat=True).first() or today.year
    return year, month


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def months_before(day, months):
    """The same day `months` earlier (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def reference_date(year, month):
    """The date a month's figures are judged at: the month's end, or today if earlier."""
    return min(month_end(year, month), timezone.localdate())


# --- Investment progress ---------------------------------------------------------------


def approved_reports(year, month):
    """Approved reports of a year up to a month: the only ones that count."""
    reports = ProgressReport.objects.filter(year=year, status=ReportStatus.APPROVED)
    if month is not None:
        reports = reports.filter(month__lte=month)
    return reports


def annotate_progress(projects, *, year, month):
    """Add plan_investment, completed_investment and warning to a project queryset.

    The warning light (预警) follows DESIGN.md: red when more than 30 points behind schedule
    or a milestone is three months late; yellow when 10–30 points behind or the planned start
    month has passed without a start; green otherwise. All in SQL, so lists can filter on it.
    """
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values(
        "planned_investment"
    )[:1]
    completed = (
        approved_reports(year, month)
        .filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("completed_investment"))
        .values("total")
    )
    projects = projects.annotate(
        plan_investment=Subquery(plan, output_field=MONEY),
        completed_investment=Coalesce(Subquery(completed, output_field=MONEY), Value(ZERO)),
    )
    if month is None:
        return projects.annotate(warning=Value(Warning.GREEN))
    schedule = _ratio(month, 12)
    as_of = reference_date(year, month)
    late_milestone = Milestone.objects.filter(
        project=OuterRef("pk"), actual_date__isnull=True, planned_date__lt=months_before(as_of, 3)
    )
    has_plan = Q(plan_investment__gt=0)
    # completion rate < schedule − N  ⇔  completed × 100 < plan × (schedule − N): no division.
    behind_more_than_30 = has_plan & Q(
        completed_investment__lt=F("plan_investment") * (schedule - 30) / 100
    )
    behind_10_or_more = has_plan & Q(
        completed_investment__lte=F("plan_investment") * (schedule - 10) / 100
    )
    start_missed = Q(
        actual_start__isnull=True, planned_start__lt=datetime.date(year, month, 1)
    ) & ~Q(stage__in=["suspended", "cancelled"])
    return projects.annotate(
        warning=Case(
            When(behind_more_than_30 | Exists(late_milestone), then=Value(Warning.RED)),
            When(behind_10_or_more | start_missed, then=Value(Warning.YELLOW)),
            default=Value(Warning.GREEN),
        )
    )


def project_progress(project, *, year, month=None):
    """One project's plan, completion, rate, schedule and warning for a year up to a month."""
    if month is None:
        month = latest_month(year)
    row = annotate_progress(Project.objects.filter(pk=project.pk), year=year, month=month).values(
        "plan_investment", "completed_investment", "warning"
    )[0]
    return {
        "year": year,
        "month": month,
        "planned_investment": None
        if row["plan_investment"] is None
        else money(row["plan_investment"]),
        "completed_investment": money(row["completed_investment"]),
        "completion_rate": percent(row["completed_investment"], row["plan_investment"]),
        "schedule_rate": schedule_rate(year, month),
        "points_ahead": points_ahead(row["completed_investment"], row["plan_investment"], month),
        "warning": row["warning"],
    }


def monthly_completion(project, *, year):
    """Approved investment completed in each month of a year (for the project chart)."""
    rows = dict(
        approved_reports(year, None)
        .filter(project=project)
        .values_list("month")
        .annotate(total=Sum("completed_investment"))
        .values_list("month", "total")
    )
    return [{"month": m, "completed_investment": money(rows.get(m))} for m in range(1, 13)]


def _progress_figures(rows, *, month):
    completed, planned = rows.get("completed_investment"), rows["planned_investment"]
    return {
        "project_count": rows["project_count"],
        "total_investment": money(rows["total_investment"]),
        "planned_investment": money(rows["planned_investment"]),
        "completed_investment": money(rows.get("completed_investment")),
        "completion_rate": percent(completed, planned),
        "schedule_rate": schedule_rate(None, month),
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
        .annotate(**_problem_figures())
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
    city = District.objects.filter(kind=DistrictKind.CITY).order_by("order").first()
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


# --- Problem ledger ----------------------------------------------------------------------


def _problem_figures(as_of=None):
    """Aggregate expressions over problems, shared by the per-district and total queries."""
    as_of = as_of or timezone.localdate()
    return {
        "raised": Count("pk"),
        "accepted": Count("pk", filter=Q(status__in=ACCEPTED_STATUSES)),
        "done": Count("pk", filter=Q(status__in=DONE_STATUSES)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction__in=SATISFIED_VALUES)),
        "overdue": Count("pk", filter=problem_overdue(as_of)),
    }


def problem_stats(*, year, district=None, as_of=None):
    """Problems collected in a year: raised, accepted, resolved, resolution and satisfaction.

    `raised` counts every problem collected whatever its status; the resolution rate is
    (resolved + closed) ÷ accepted (rejected excluded); satisfaction is over rated problems.
    """
    problems = Problem.objects.filter(raised_on__year=year)
    if district is not None:
        problems = problems.filter(district=district)
    totals = problems.aggregate(**_problem_figures(as_of))
    return {
        "raised": totals["raised"],
        "accepted": totals["accepted"],
        "resolved": totals["done"],
        "resolution_rate": percent(totals["done"], totals["accepted"]),
        "rated": totals["rated"],
        "satisfaction_rate": percent(totals["satisfied"], totals["rated"]),
        "overdue": totals["overdue"],
    }


# --- Funding ------------------------------------------------------------------------------


def funding_stats(*, year, district=None):
    """Funding secured and disbursed in a year, by kind and pooled over all kinds."""
    funding = Funding.objects.filter(year=year)
    if district is not None:
        funding = funding.filter(project__district=district)
    sums = {"secured": Sum("secured"), "disbursed": Sum("disbursed")}
    by_kind = {row["kind"]: row for row in funding.values("kind").annotate(**sums)}
    total = funding.aggregate(**sums)
    kinds = []
    for kind in FundingKind:
        row = by_kind.get(kind.value, {"secured": ZERO, "disbursed": ZERO})
        kinds.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "secured": money(row["secured"]),
                "disbursed": money(row["disbursed"]),
                "disbursement_rate": percent(row["disbursed"], row["secured"]),
            }
        )
    return {
        "secured": money(total["secured"]),
        "disbursed": money(total["disbursed"]),
        "disbursement_rate": percent(total["disbursed"], total["secured"]),
        "by_kind": kinds,
    }


# --- Milestones, starts and production ---------------------------------------------------


def milestone_stats(*, year, district=None, as_of=None):
    """Milestones planned in a year: total, done, overdue, and due within 30 days."""
    as_of = as_of or timezone.localdate()
    milestones = Milestone.objects.filter(planned_date__year=year)
    if district is not None:
        milestones = milestones.filter(project__district=district)
    return milestones.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(actual_date__isnull=False)),
        overdue=Count("pk", filter=milestone_overdue(as_of)),
        due_soon=Count("pk", filter=milestone_due_within(as_of, 30)),
    )


def start_and_production_rates(*, year, district=None, as_of=None):
    """开工率 and 投产率: projects started (put into production) ÷ those planned to, so far."""
    as_of = as_of or timezone.localdate()
    projects = Project.objects.all()
    if district is not None:
        projects = projects.filter(district=district)
    starts = projects.filter(planned_start__year=year, planned_start__lte=as_of).aggregate(
        planned=Count("pk"), done=Count("pk", filter=Q(actual_start__isnull=False))
    )
    production = Milestone.objects.filter(
        project__in=projects,
        kind=MilestoneKind.PRODUCTION,
        planned_date__year=year,
        planned_date__lte=as_of,
    ).aggregate(planned=Count("pk"), done=Count("pk", filter=Q(actual_date__isnull=False)))
    return {
        "planned_starts": starts["planned"],
        "started": starts["done"],
        "start_rate": percent(starts["done"], starts["planned"]),
        "planned_production": production["planned"],
        "in_production": production["done"],
        "production_rate": percent(production["done"], production["planned"]),
    }
