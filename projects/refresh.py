"""Keeping ProjectYear (projects.totals): a project's rows are rewritten from its records,
by the database's sums, whenever the project, one of its annual plans, reports or
milestones is written — by any path (core.tracking.rows_changed)."""

from django.db import transaction
from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.signals import post_migrate, pre_save

from core.bulk import insert_select
from core.formulas import MONEY, ZERO
from core.tracking import rows_changed

from .models import AnnualPlan, Milestone, ProgressReport, Project
from .progress import light_case
from .totals import MONTHS, ProjectYear, completed_through, light_of

# Projects rewritten per round trip when a list of many changes at once (imports).
CHUNK = 2000


def refresh_project_years(projects):
    """Rewrite every ProjectYear row of `projects` (a Project queryset, or primary keys) from
    their records; a queryset is rewritten in one pass, in the database."""
    if isinstance(projects, QuerySet):
        _refresh(projects.values("pk"))
        return
    ids = sorted(set(projects))
    for start in range(0, len(ids), CHUNK):
        _refresh(ids[start : start + CHUNK])


def _project_facts():
    """What ProjectYear keeps of the project (its visibility computed by the project's own
    gate), as values() expressions over rows that belong to a project."""
    public = Project.objects.public().filter(pk=OuterRef("project"))
    return {
        "district": F("project__district"),
        "total_investment": F("project__total_investment"),
        "is_public": Exists(public),
        "planned_start": F("project__planned_start"),
        "actual_start": F("project__actual_start"),
        "stage": F("project__stage"),
    }


@transaction.atomic
def _refresh(ids):
    """Two INSERT … SELECT: the years with approved reports (summed per month), then the
    years with a plan and no approved report; then one UPDATE for the milestones and one
    per year for the months' lights."""
    ProjectYear.objects.filter(project__in=ids).delete()
    approved = ProgressReport.objects.approved()
    same_year = Q(project__annual_plans__year=F("year"))
    insert_select(
        ProjectYear,
        approved.filter(project__in=ids)
        .annotate(plan=FilteredRelation("project__annual_plans", condition=same_year))
        .values("project", "year")
        .annotate(
            **_project_facts(),
            # The year's one plan (joined, not looked up report by report), if any.
            planned_investment=Max("plan__planned_investment"),
            **{
                completed_through(month): Sum(
                    "completed_investment", filter=Q(month__lte=month), default=ZERO
                )
                for month in MONTHS
            },
        ),
    )
    reported = approved.filter(project=OuterRef("project"), year=OuterRef("year"))
    insert_select(
        ProjectYear,
        AnnualPlan.objects.filter(project__in=ids)
        .exclude(Exists(reported))
        .values(
            "project",
            "year",
            "planned_investment",
            **_project_facts(),
            **{completed_through(month): Value(ZERO, MONEY) for month in MONTHS},
        ),
    )
    open_milestones = (
        Milestone.objects.filter(project=OuterRef("project"), actual_date__isnull=True)
        .order_by()
        .values("project")
        .annotate(earliest=Min("planned_date"))
        .values("earliest")
    )
    rows = ProjectYear.objects.filter(project__in=ids)
    rows.update(earliest_open_milestone=Subquery(open_milestones))
    for year in rows.order_by().values_list("year", flat=True).distinct():
        rows.filter(year=year).update(
            **{
                light_of(month): light_case(
                    year=year,
                    month=month,
                    plan="planned_investment",
                    completed=completed_through(month),
                )
                for month in MONTHS
            }
        )


def _projects(sender, rows):
    if sender is Project:
        return rows if isinstance(rows, QuerySet) else [row.pk for row in rows]
    # A row moved to another project changes the one it left too.
    moved = (getattr(row, "_project_before", None) for row in rows)
    return {row.project_id for row in rows} | {pk for pk in moved if pk is not None}


def remember_project(sender, instance, **kwargs):
    """pre_save of plans, reports and milestones: the project a changed row belonged to
    until now."""
    if instance.pk is not None:
        instance._project_before = (
            sender._base_manager.filter(pk=instance.pk).values_list("project", flat=True).first()
        )


def records_changed(sender, rows, origin=None, **kwargs):
    """`rows_changed` receiver for projects, annual plans, reports and milestones."""
    if sender not in (Project, AnnualPlan, ProgressReport, Milestone):
        return
    if getattr(origin, "model", type(origin)) is Project:
        return  # the projects themselves are being deleted, their rows with them
    refresh_project_years(_projects(sender, rows))


# The migrations that create ProjectYear or add to what it keeps; after either, it is
# filled again from the records already there.
FILLED_AFTER = {
    ("projects", "0006_projectyear_and_list_indexes"),
    ("projects", "0008_projectyear_lights"),
}


def fill_after_migrate(plan=None, **kwargs):
    """post_migrate: after a migration of FILLED_AFTER, fill ProjectYear."""
    if any(
        (migration.app_label, migration.name) in FILLED_AFTER and not backwards
        for migration, backwards in plan or ()
    ):
        refresh_project_years(Project.objects.all())


def connect(app_config):
    post_migrate.connect(fill_after_migrate, sender=app_config, dispatch_uid="project_years_fill")
    rows_changed.connect(records_changed, dispatch_uid="project_years")
    for model in (AnnualPlan, ProgressReport, Milestone):
        pre_save.connect(
            remember_project, sender=model, dispatch_uid=f"project_moved_{model.__name__}"
        )
