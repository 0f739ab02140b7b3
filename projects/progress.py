"""One project's investment progress and warning light (预警), computed by the database.

The arithmetic comes from `core.formulas`; the district tables and everything that spans
apps are in the `stats` package, which builds on these annotations.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan, LessThanOrEqual
from django.utils.translation import gettext, ngettext

from core.formulas import (
    MONEY,
    ZERO,
    forecast,
    money,
    percent,
    percent_sql,
    points_ahead,
    points_ahead_sql,
    reference_date,
    schedule_rate,
)

from .choices import ReportStatus, Stage, WarningLight
from .models import Milestone, ProgressReport, Project
from .querysets import LATE_MILESTONE_MONTHS, late_cutoff, milestone_late, milestone_reached
from .totals import completed_through, light_of

# --- Investment progress ---------------------------------------------------------------

# The warning light's thresholds (DESIGN.md 预警), in points behind the schedule rate.
YELLOW_POINTS_BEHIND = 10
RED_POINTS_BEHIND = 30


def approved_reports(year, month):
    """Approved reports of a year up to a month: the only ones that count. Month None (no
    closed month of that year yet) means none count."""
    reports = ProgressReport.objects.filter(year=year, status=ReportStatus.APPROVED)
    if month is None:
        return reports.none()
    return reports.filter(month__lte=month)


def _with_rates(rows, month):
    """completion_rate and points_ahead (unrounded, sortable) of rows annotated with
    plan_investment and completed_investment."""
    return rows.annotate(
        completion_rate=percent_sql("completed_investment", "plan_investment")
    ).annotate(points_ahead=points_ahead_sql("completion_rate", month))


def start_missed(*, year, month):
    """The planned start month has passed without a start by the month's day (a yellow
    light), for rows that have the project's planned_start, actual_start and stage."""
    started = Q(actual_start__lte=reference_date(year, month))
    return (
        Q(planned_start__lt=datetime.date(year, month, 1))
        & ~started
        & ~Q(stage__in=[Stage.SUSPENDED, Stage.CANCELLED])
    )


def light_case(*, year, month, plan, completed):
    """The warning light (预警), DESIGN.md, as one SQL expression: red when more than 30
    points behind schedule or a milestone is three months late; yellow when 10–30 points
    behind or the planned start month has passed without a start; green otherwise.

    Over rows with fields (or annotations) named `plan` and `completed` and the project's
    planned_start, actual_start, stage and earliest_open_milestone: projects
    (annotate_progress) and their ProjectYear rows (projects.refresh keeps each month's).
    """
    # completion rate < schedule − N  ⇔  completed × 100 ÷ plan < month × 100 ÷ 12 − N
    # ⇔  completed × 1200 < plan × (100 × month − 12 N): exact, in whole numbers, no division.
    done, planned = F(completed) * 1200, F(plan)
    has_plan = Q(**{f"{plan}__gt": 0})
    behind_red = has_plan & Q(LessThan(done, planned * (100 * month - 12 * RED_POINTS_BEHIND)))
    behind_yellow = has_plan & Q(
        LessThanOrEqual(done, planned * (100 * month - 12 * YELLOW_POINTS_BEHIND))
    )
    # Some milestone not reached was planned before the cutoff.
    late = Q(earliest_open_milestone__lt=late_cutoff(reference_date(year, month)))
    return Case(
        When(behind_red | late, then=Value(WarningLight.RED)),
        When(behind_yellow | start_missed(year=year, month=month), then=Value(WarningLight.YELLOW)),
        default=Value(WarningLight.GREEN),
    )


def _with_light(rows, *, year, month):
    """`warning` (light_case) and `start_missed` (one of its reasons) of project rows
    annotated with plan_investment and completed_investment."""
    if month is None:  # no closed month of the year yet: nothing is behind
        return rows.annotate(start_missed=Value(False), warning=Value(WarningLight.GREEN))
    return rows.annotate(
        start_missed=ExpressionWrapper(
            start_missed(year=year, month=month), output_field=BooleanField()
        ),
        warning=light_case(
            year=year, month=month, plan="plan_investment", completed="completed_investment"
        ),
    )


def annotate_progress(projects, *, year=None, month=None, period=None):
    """Add plan_investment, completed_investment, completion_rate and points_ahead
    (unrounded), warning and the light's reasons (late_milestones, start_missed) to a
    project queryset, in SQL, so lists can show, sort and filter on them.

    For a published `period` (core.period) they are the month's published figures
    (projects.published). Otherwise plan and completion are read from the project's
    ProjectYear row of the year (projects.totals: the approved reports summed ahead),
    joined by its unique index: at most one row, so the join repeats no project. A table
    over every project reads ProjectYear alone (annotate_year_lights).
    """
    if period is not None:
        year, month = period.year, period.month
        if period.published is not None:
            return _published_progress(projects, period.published, month)
    projects = projects.annotate(
        year_row=FilteredRelation("year_totals", condition=Q(year_totals__year=year))
    )
    # No closed month of the year yet: no report counts.
    completed = F(f"year_row__{completed_through(month)}") if month else Value(ZERO)
    projects = projects.annotate(
        plan_investment=F("year_row__planned_investment"),
        completed_investment=Coalesce(completed, Value(ZERO), output_field=MONEY),
    )
    projects = _with_rates(projects, month)
    if month is None:
        return _with_light(projects.annotate(late_milestones=Value(0)), year=year, month=month)
    milestones = Milestone.objects.filter(project=OuterRef("pk")).order_by()  # no project join
    as_of = reference_date(year, month)
    late = milestones.filter(milestone_late(as_of)).values("project")
    not_reached = milestones.exclude(milestone_reached(as_of)).values("project")
    projects = projects.annotate(
        late_milestones=Coalesce(
            Subquery(late.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        earliest_open_milestone=Subquery(
            not_reached.annotate(first=Min("planned_date")).values("first")
        ),
    )
    return _with_light(projects, year=year, month=month)


def _published_progress(projects, published, month):
    """annotate_progress's figures read from a published version's rows (one join by the
    row's index; a project without a row was on no list that year: no plan, nothing done)."""
    number = published.number
    in_version = Q(published__until__isnull=True) | Q(published__until__gt=number)
    projects = projects.annotate(
        row=FilteredRelation(
            "published",
            condition=in_version
            & Q(published__period=published.period_id, published__since__lte=number),
        )
    )
    projects = projects.annotate(
        plan_investment=F("row__planned_investment"),
        completed_investment=Coalesce(F("row__completed"), Value(ZERO), output_field=MONEY),
    )
    return _with_rates(projects, month).annotate(
        late_milestones=Coalesce(F("row__late_milestones"), Value(0)),
        start_missed=Coalesce(F("row__start_missed"), Value(False)),
        warning=Coalesce(F("row__warning"), Value(WarningLight.GREEN)),
    )


def annotate_year_lights(rows, *, month, published=False):
    """The same figures and light as annotate_progress, for ProjectYear rows of a year (a
    table over thousands of projects: one row each, no join, no subquery; the light is the
    one projects.refresh kept for the month) or a published month's PublishedProject rows
    (`published`: the month's figures as published)."""
    if published:
        rows = rows.annotate(
            plan_investment=F("planned_investment"), completed_investment=F("completed")
        )
        return _with_rates(rows, month)
    completed = F(completed_through(month)) if month else Value(ZERO)
    rows = rows.annotate(
        plan_investment=F("planned_investment"),
        completed_investment=Coalesce(completed, Value(ZERO), output_field=MONEY),
    )
    light = F(light_of(month)) if month else Value(WarningLight.GREEN)
    return _with_rates(rows, month).annotate(warning=light)


def light_reasons(*, warning, points, late_milestones, start_missed):
    """Why a light is yellow or red, in words (滞后序时进度 11.9 个百分点 …); empty when green."""
    if warning == WarningLight.GREEN:
        return []
    reasons = []
    if points is not None and points <= -YELLOW_POINTS_BEHIND:
        reasons.append(
            gettext("%(points)s points behind schedule") % {"points": format(-points, "f")}
        )
    if late_milestones:
        reasons.append(
            ngettext(
                "%(count)d milestone more than %(months)d months late",
                "%(count)d milestones more than %(months)d months late",
                late_milestones,
            )
            % {"count": late_milestones, "months": LATE_MILESTONE_MONTHS}
        )
    if start_missed:
        reasons.append(gettext("planned start month passed without a start"))
    return reasons


def progress_figures(row, *, year, month):
    """A project row annotated by `annotate_progress` as the figures every face shows."""
    completed, planned = row.completed_investment, row.plan_investment
    points = points_ahead(completed, planned, month)
    return {
        "year": year,
        "month": month,
        "planned_investment": None if planned is None else money(planned),
        "completed_investment": money(completed),
        "completion_rate": percent(completed, planned),
        "schedule_rate": schedule_rate(month),
        "points_ahead": points,
        "forecast": forecast(completed, planned, month),
        "warning": row.warning,
        "warning_reasons": light_reasons(
            warning=row.warning,
            points=points,
            late_milestones=row.late_milestones,
            start_missed=row.start_missed,
        ),
    }


def project_progress(project, *, period):
    """One project's plan, completion, rate, schedule and light for a resolved period."""
    row = annotate_progress(Project.objects.filter(pk=project.pk), period=period).get()
    return progress_figures(row, year=period.year, month=period.month)


def monthly_completion(project, *, period):
    """Each closed month of the period's year: approved investment completed in the month
    and cumulated to it (a window sum in SQL). The project chart draws the cumulation
    against the annual plan; months not closed yet are left out, not drawn as zero."""
    if period.month is None:
        return []
    rows = {
        row["month"]: row
        for row in approved_reports(period.year, period.month)
        .filter(project=project)
        .annotate(cumulative=Window(Sum("completed_investment"), order_by=F("month").asc()))
        .values("month", "completed_investment", "cumulative")
    }
    months, cumulative = [], ZERO
    for month in range(1, period.month + 1):
        row = rows.get(month)
        cumulative = row["cumulative"] if row else cumulative
        months.append(
            {
                "month": month,
                "completed_investment": money(row and row["completed_investment"]),
                "cumulative_investment": money(cumulative),
            }
        )
    return months
