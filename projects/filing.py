"""Reads of the monthly reporting: a district's year list for a filing period, each project
with its status, plan, approved year to date, last month and light (the reporter's
workbench); and the reports awaiting review with their evidence (the reviewer's queue).

A constant number of queries whatever the number of projects; lights come from
`progress.annotate_progress` for the period every face shows (core.period), figures from
`core.formulas`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from core.formulas import MONEY, ZERO, money, percent, points_ahead
from core.period import resolve_period

from .choices import ReportStatus, Stage
from .models import AnnualPlan, Photo, ProgressReport, Project
from .progress import annotate_progress, light_reasons

# Without a plan for the year a project still belongs on the list while it is under way
# (its plan for the year is missing, which the workbench points out).
UNDER_WAY = [Stage.PLANNED, Stage.SIGNED, Stage.UNDER_CONSTRUCTION]

# Workbench order: what needs the reporter first.
MISSING, NO_PLAN = "missing", "no_plan"
STATUS_ORDER = {
    ReportStatus.RETURNED: 0,
    MISSING: 1,
    ReportStatus.DRAFT: 2,
    NO_PLAN: 3,
    ReportStatus.SUBMITTED: 4,
    ReportStatus.APPROVED: 5,
}
FILABLE = {MISSING, ReportStatus.DRAFT, ReportStatus.RETURNED}
# The statuses as the workbench's chips name them, in its order.
STATUS_LABELS = [
    (ReportStatus.RETURNED, ReportStatus.RETURNED.label),
    (MISSING, gettext_lazy("Not filed")),
    (ReportStatus.DRAFT, ReportStatus.DRAFT.label),
    (NO_PLAN, gettext_lazy("No plan")),
    (ReportStatus.SUBMITTED, ReportStatus.SUBMITTED.label),
    (ReportStatus.APPROVED, ReportStatus.APPROVED.label),
]


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def plan_of(project_ref, year):
    return Subquery(
        AnnualPlan.objects.filter(project=project_ref, year=year).values("planned_investment")[:1],
        output_field=MONEY,
    )


def approved_sum(year, months_before, project_ref=None):
    """Approved investment of a project in `year` before month `months_before` (a subquery)."""
    reports = ProgressReport.objects.filter(
        project=project_ref or OuterRef("pk"),
        year=year,
        month__lt=months_before,
        status=ReportStatus.APPROVED,
    )
    return Coalesce(
        Subquery(
            reports.order_by()
            .values("project")
            .annotate(total=Sum("completed_investment"))
            # One group per project; the subquery's one value is its total.
            .values("total"),
            output_field=MONEY,
        ),
        Value(ZERO),
    )


@dataclass
class FilingRow:
    """One project of the workbench for a period."""

    project: Any
    report: Any
    plan: Any
    approved_before: Any
    last_month: Any
    warning: str
    warning_reasons: list
    status: str = field(init=False)

    def __post_init__(self):
        if self.report is not None:
            self.status = self.report.status
        elif self.plan is None:
            self.status = NO_PLAN
        else:
            self.status = MISSING

    @property
    def can_file(self):
        return self.status in FILABLE and self.plan is not None

    @property
    def remaining(self):
        """Plan not yet covered by approved reports before this month (None without a plan)."""
        return None if self.plan is None else money(self.plan - self.approved_before)


def year_projects(user, district, period):
    """The district's projects to report for `period` (a ReportingPeriod), each with its
    `filing_status`, in the workbench's order: returned reports first, then those not filed,
    drafts, without a plan, submitted, approved; by code within each. Cheap to count, filter
    and page (two joins, no figures): the cards' figures are read for one page
    only (`filing_rows`)."""
    year, month = period.year, period.month
    plans = AnnualPlan.objects.filter(project=OuterRef("pk"))
    # The month's report and the year's plan joined (one row at most each: unique per
    # project and month, per project and year), so the status and its rank read columns
    # instead of repeating a subquery per branch.
    status = Case(
        When(month_report__status__isnull=False, then=F("month_report__status")),
        When(year_plan__id__isnull=True, then=Value(NO_PLAN)),
        default=Value(MISSING),
        output_field=CharField(),
    )
    rank = Case(
        *(
            When(month_report__status=status_, then=Value(rank_))
            for status_, rank_ in STATUS_ORDER.items()
            if status_ not in (MISSING, NO_PLAN)
        ),
        When(year_plan__id__isnull=True, then=Value(STATUS_ORDER[NO_PLAN])),
        default=Value(STATUS_ORDER[MISSING]),
        output_field=IntegerField(),
    )
    return (
        Project.objects.managed_by(user)
        .filter(district=district)
        .filter(
            Exists(plans.filter(year=year))
            | (Exists(plans.filter(year=year - 1)) & Q(stage__in=UNDER_WAY))
        )
        .annotate(
            month_report=FilteredRelation(
                "reports", condition=Q(reports__year=year, reports__month=month)
            ),
            year_plan=FilteredRelation("annual_plans", condition=Q(annual_plans__year=year)),
        )
        .annotate(
            filing_status=status,
            has_plan=ExpressionWrapper(Q(year_plan__id__isnull=False), BooleanField()),
            filing_rank=rank,
        )
        .order_by("filing_rank", "code")
    )


def status_counts(projects):
    """{status: number of projects} of `year_projects` rows (one grouped query)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in projects.order_by().values("filing_status").annotate(n=Count("pk")):
        counts[row["filing_status"]] = row["n"]
    return counts


def next_to_file(projects, *, after):
    """The first project of `year_projects` rows still to file other than `after` (returned
    and not filed before drafts), or None."""
    return projects.filter(filing_status__in=FILABLE, has_plan=True).exclude(pk=after.pk).first()


def filing_rows(projects, period):
    """FilingRows for a page of `year_projects` rows, in their order: plan, approved year to
    date, last month and light of each (a constant number of queries)."""
    year, month = period.year, period.month
    now = resolve_period()
    projects = list(projects)
    chosen = Project.objects.filter(pk__in=[project.pk for project in projects])
    last_year, last_month = previous_month(year, month)
    last_figure = ProgressReport.objects.filter(
        project=OuterRef("pk"), year=last_year, month=last_month
    ).values("completed_investment")[:1]
    figures = {
        project.pk: project
        for project in annotate_progress(chosen, period=now)
        .annotate(
            filing_plan=plan_of(OuterRef("pk"), year),
            approved_before=approved_sum(year, month),
            last_figure=Subquery(last_figure, output_field=MONEY),
        )
        .select_related("district")
    }
    reports = {
        report.project_id: report
        for report in ProgressReport.objects.filter(
            project__in=chosen, year=year, month=month
        ).prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("order", "pk")))
    }
    rows = []
    for listed in projects:
        project = figures[listed.pk]
        points = points_ahead(project.completed_investment, project.plan_investment, now.month)
        rows.append(
            FilingRow(
                project=project,
                report=reports.get(project.pk),
                plan=None if project.filing_plan is None else money(project.filing_plan),
                approved_before=money(project.approved_before),
                last_month=None if project.last_figure is None else money(project.last_figure),
                warning=project.warning,
                warning_reasons=light_reasons(
                    warning=project.warning,
                    points=points,
                    late_milestones=project.late_milestones,
                    start_missed=project.start_missed,
                ),
            )
        )
    return rows


@dataclass
class ReviewItem:
    """A submitted report with what the reviewer weighs it by."""

    report: Any
    plan: Any
    approved_before: Any
    months: list  # the year's reports up to this one: [{month, figure, status}]
    rate_before: Any  # the district's completion rate through the month, without this report
    rate_after: Any  # … and with it

    @property
    def exceeds_plan(self):
        return self.plan is not None and (
            self.approved_before + self.report.completed_investment > self.plan
        )

    @property
    def points(self):
        if self.rate_before is None or self.rate_after is None:
            return None
        return self.rate_after - self.rate_before


def review_queue(user):
    """The submitted reports the user may review, oldest submission first."""
    return (
        ProgressReport.objects.managed_by(user)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("project", "project__district", "submitted_by")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("order", "pk")))
        .annotate(
            plan=plan_of(OuterRef("project"), OuterRef("year")),
            approved_before=approved_sum(
                OuterRef("year"), OuterRef("month"), project_ref=OuterRef("project")
            ),
        )
        .order_by("submitted_at", "pk")
    )


def review_evidence(reports, user):
    """ReviewItems for a page of `review_queue` reports (three more queries in all): the
    year's earlier months of each project, and the effect of each figure on its district's
    completion rate through its month (approved reports ÷ the district's annual plans)."""
    reports = list(reports)
    projects = {report.project_id for report in reports}
    districts = {report.project.district_id for report in reports}
    years = {report.year for report in reports}
    months = defaultdict(list)
    for row in (
        ProgressReport.objects.filter(project__in=projects, year__in=years)
        .order_by("month")
        .values("project", "year", "month", "completed_investment", "status")
    ):
        months[row["project"], row["year"]].append(row)
    managed = Project.objects.managed_by(user).filter(district__in=districts)
    plans = {
        (row["project__district"], row["year"]): row["total"]
        for row in AnnualPlan.objects.filter(project__in=managed, year__in=years)
        .values("project__district", "year")
        .annotate(total=Sum("planned_investment"))
    }
    approved = defaultdict(dict)
    for row in (
        ProgressReport.objects.filter(
            project__in=managed, year__in=years, status=ReportStatus.APPROVED
        )
        .values("project__district", "year", "month")
        .annotate(total=Sum("completed_investment"))
    ):
        approved[row["project__district"], row["year"]][row["month"]] = row["total"]
    items = []
    for report in reports:
        key = (report.project.district_id, report.year)
        through = sum(
            (total for month, total in approved[key].items() if month <= report.month), ZERO
        )
        items.append(
            ReviewItem(
                report=report,
                plan=None if report.plan is None else money(report.plan),
                approved_before=money(report.approved_before),
                months=[
                    row
                    for row in months[report.project_id, report.year]
                    if row["month"] <= report.month
                ],
                rate_before=percent(through, plans.get(key)),
                rate_after=percent(through + report.completed_investment, plans.get(key)),
            )
        )
    return items


def unfiled_projects(year, month):
    """未报送: projects on the year list (a plan for `year`) whose report for the month is not
    submitted or approved yet (none, a draft, or returned)."""
    handed_in = ProgressReport.objects.filter(
        project=OuterRef("pk"),
        year=year,
        month=month,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
    )
    return Project.objects.filter(
        Exists(AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)), ~Exists(handed_in)
    )
