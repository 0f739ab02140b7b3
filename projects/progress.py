"""One project's investment progress and warning light (预警), computed by the database.

The arithmetic comes from `core.formulas`; the district tables and everything that spans
apps are in the `stats` package, which builds on these annotations.
"""

import datetime

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.formulas import (
    MONEY,
    ZERO,
    money,
    percent,
    points_ahead,
    ratio,
    reference_date,
    schedule_rate,
)

from .choices import ReportStatus, WarningLight
from .models import AnnualPlan, Milestone, ProgressReport, Project, milestone_late


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


def requested_period(query):
    """The (year, month) a query asks for; without a year, the pages' default period, the
    newest approved month (stats.default_period), so that API and pages agree."""
    if query.get("year") is not None:
        return query["year"], query.get("month")
    year, month = default_period()
    return year, query.get("month") or month


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
    or a milestone is late (`milestone_late`: LATE_MONTHS months overdue); yellow when 10–30
    points behind or the planned start month has passed without a start; green otherwise.
    All in SQL, so lists can filter on it.
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
        return projects.annotate(warning=Value(WarningLight.GREEN))
    schedule = ratio(month, 12)
    as_of = reference_date(year, month)
    late_milestone = Milestone.objects.filter(milestone_late(as_of), project=OuterRef("pk"))
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
            When(behind_more_than_30 | Exists(late_milestone), then=Value(WarningLight.RED)),
            When(behind_10_or_more | start_missed, then=Value(WarningLight.YELLOW)),
            default=Value(WarningLight.GREEN),
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
        "schedule_rate": schedule_rate(month),
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
