"""Publishing a closed month (DESIGN.md "Published months"): its figures are stored once, as
version 1, when the city administrator closes it; a late report (补报) approved afterwards
publishes the next version of that month and of the later published months of its year,
recording every figure it changed. Nothing else writes a published month.

Per project, the month's figures are PublishedProject rows (projects.published), computed
by the database from the records as of the month's last day; per unit and for the city,
each figure group of the stats package is computed once per record (the public's and the
whole) and stored in the version (stats.published reads it).
"""

import inspect

from django.db import transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.bulk import insert_select
from core.formulas import MONEY, ZERO, percent, points_ahead
from core.models import PeriodVersion, ReportingPeriod
from core.period import Period
from core.roles import acting_user
from core.services import period_closed
from core.workflow import transitioned
from districts.models import District
from enterprises.services import matters_carry_over
from projects.models import ProgressReport, Project, PublishedProject
from projects.progress import annotate_progress, light_case, start_missed
from projects.totals import completed_through

from .campaign import campaign_stats
from .funding import funding_stats
from .milestones import milestone_stats, start_and_production_rates
from .problems import problem_stats
from .progress import district_progress
from .published import ALL, CITY, PUBLIC, stored_figures
from .warnings import warning_counts

# Figure groups stored per unit and for the city, and tables stored whole (over the
# project rows, so computed after them, and again on a revision).
BY_UNIT = (
    problem_stats,
    funding_stats,
    milestone_stats,
    start_and_production_rates,
    campaign_stats,
)
TABLES = (district_progress, warning_counts)
# The project facts a revision keeps as published: only the reports' figures change.
FACTS = (
    "district",
    "is_public",
    "total_investment",
    "planned_investment",
    "planned_start",
    "actual_start",
    "stage",
    "earliest_open_milestone",
    "late_milestones",
)
# Figures a revision compares, in the order a reader meets them.
UNIT_FIGURES = ("completed_investment", "completion_rate", "points_ahead", "rank")
LIGHT_FIGURES = ("red", "yellow", "green")


def _viewers():
    """The two records: what the public sees, and everything (an unsaved superuser)."""
    return {PUBLIC: None, ALL: acting_user("publication")}


def _compute(figure, **kwargs):
    """A figure group computed from the records, uncached (a publication is not a read)."""
    return inspect.unwrap(figure.live)(**kwargs)


def _write_rows(version, projects):
    """Store the month's figures of `projects` as rows of `version`, from the records."""
    month = version.period.month
    live = Period(version.period.year, month)
    rows = annotate_progress(projects, period=live)
    done = F(f"year_row__{completed_through(month)}")
    if month > 1:
        done = done - Coalesce(F(f"year_row__{completed_through(month - 1)}"), Value(ZERO))
    insert_select(
        PublishedProject,
        rows.values(
            "code",
            "name",
            "district",
            "total_investment",
            "planned_start",
            "actual_start",
            "stage",
            "earliest_open_milestone",
            "warning",
            "late_milestones",
            "start_missed",
            period=Value(version.period_id),
            since=Value(version.number),
            project=F("pk"),
            is_public=Exists(Project.objects.public().filter(pk=OuterRef("pk"))),
            planned_investment=F("plan_investment"),
            completed_month=Coalesce(done, Value(ZERO), output_field=MONEY),
            completed=F("completed_investment"),
        ),
    )


def _revise_rows(version, previous, projects):
    """Rows of `projects` for a revision: their new figures over the facts as published
    (plan, stage, milestones …), their light judged again; rows whose figures did not move
    are dropped, and the rows replaced end at this version."""
    year, month = version.period.year, version.period.month
    _write_rows(version, projects)
    new = PublishedProject.objects.filter(period=version.period, since=version.number)
    old = PublishedProject.objects.of(previous).filter(project=OuterRef("project"))
    new.filter(Exists(old)).update(**{fact: Subquery(old.values(fact)[:1]) for fact in FACTS})
    new.update(
        start_missed=ExpressionWrapper(
            start_missed(year=year, month=month), output_field=BooleanField()
        )
    )
    new.update(
        warning=light_case(year=year, month=month, plan="planned_investment", completed="completed")
    )
    unchanged = old.filter(
        completed=OuterRef("completed"),
        completed_month=OuterRef("completed_month"),
        warning=OuterRef("warning"),
    )
    new.filter(Exists(unchanged)).delete()
    PublishedProject.objects.of(previous).filter(
        project__in=new.values("project"), since__lt=version.number
    ).update(until=version.number)


def _project_changes(version, previous, reports):
    """Each changed figure of each project, with the reports of that project that caused it."""
    changes = []
    replaced = {
        row.project_id: row
        for row in PublishedProject.objects.filter(period=version.period, until=version.number)
    }
    month = version.period.month
    for row in PublishedProject.objects.filter(period=version.period, since=version.number):
        before = replaced.get(row.project_id)
        old = {
            "completed_investment": before.completed if before else ZERO,
            "completion_rate": percent(before.completed, before.planned_investment)
            if before
            else None,
            "points_ahead": points_ahead(before.completed, before.planned_investment, month)
            if before
            else None,
            "warning": before.warning if before else None,
        }
        new = {
            "completed_investment": row.completed,
            "completion_rate": percent(row.completed, row.planned_investment),
            "points_ahead": points_ahead(row.completed, row.planned_investment, month),
            "warning": row.warning,
        }
        for figure, value in new.items():
            if old[figure] != value:
                changes.append(
                    {
                        "scope": "project",
                        "code": row.code,
                        "name": row.name,
                        "figure": figure,
                        "old": old[figure],
                        "new": value,
                        "reports": sorted(
                            pk for pk, project in reports.items() if project == row.project_id
                        ),
                        "public": row.is_public,
                    }
                )
    return changes


def _unit_changes(before, after, reports, units):
    """Each changed figure of the city and of each unit in one record."""
    changes = []

    def compare(scope, code, name, old, new, figures, ids):
        for figure in figures:
            if old.get(figure) != new.get(figure):
                changes.append(
                    {
                        "scope": scope,
                        "code": code,
                        "name": name,
                        "figure": figure,
                        "old": old.get(figure),
                        "new": new.get(figure),
                        "reports": ids,
                    }
                )

    every = sorted(reports)
    old_progress, new_progress = before["progress"][CITY], after["progress"][CITY]
    old_lights, new_lights = before["warnings"][CITY], after["warnings"][CITY]
    city = new_progress["city"]["name"]
    compare("city", None, city, old_progress["city"], new_progress["city"], UNIT_FIGURES, every)
    compare("city", None, city, old_lights["city"], new_lights["city"], LIGHT_FIGURES, every)
    old_rows = {row["district"]: row for row in old_progress["results"]}
    old_light_rows = {row["district"]: row for row in old_lights["results"]}
    new_light_rows = {row["district"]: row for row in new_lights["results"]}
    for row in new_progress["results"]:
        code = row["district"]
        ids = sorted(pk for pk, unit in reports.items() if units.get(unit) == code)
        compare("district", code, row["name"], old_rows.get(code, {}), row, UNIT_FIGURES, ids)
        compare(
            "district",
            code,
            row["name"],
            old_light_rows.get(code, {}),
            new_light_rows.get(code, {}),
            LIGHT_FIGURES,
            ids,
        )
    return changes


@transaction.atomic
def period_publish(*, period: ReportingPeriod, user, reports=()) -> PeriodVersion:
    """Publish the next version of a closed month: version 1 of every figure (and the
    dispatch meetings' matters it finds still red carried over, enterprises.services), or —
    given the approved late `reports` that caused it — a revision of their projects'
    figures, with the record of every figure it changed."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    previous = period.versions.order_by("-number").first()
    version = PeriodVersion.objects.create(
        period=period,
        number=previous.number + 1 if previous else 1,
        published_at=timezone.now(),
        published_by=user if getattr(user, "pk", None) else None,
        reports=sorted(report.pk for report in reports),
    )
    at = Period(period.year, period.month, None, version)
    units = list(District.objects.units())
    # Figure groups are stored for every district a query may name (the city's own too).
    districts = list(District.objects.all())
    viewers = _viewers()
    if previous is None:
        _write_rows(version, Project.objects.all())
        figures = {
            record: {
                figure.group: {
                    CITY: _compute(figure, period=at, user=viewer),
                    **{
                        district.code: _compute(figure, period=at, district=district, user=viewer)
                        for district in districts
                    },
                }
                for figure in BY_UNIT
            }
            for record, viewer in viewers.items()
        }
    else:
        projects = Project.objects.filter(pk__in=[report.project_id for report in reports])
        _revise_rows(version, previous, projects)
        figures = {
            record: {
                figure.group: stored_figures(previous)[record][figure.group] for figure in BY_UNIT
            }
            for record in viewers
        }
    version.figures = figures  # the tables' tie-break reads the stored resolution rates
    for record, viewer in viewers.items():
        for table in TABLES:
            figures[record][table.group] = {CITY: _compute(table, period=at, user=viewer)}
    if previous is not None:
        caused = {report.pk: report.project_id for report in reports}
        in_unit = {report.pk: report.project.district_id for report in reports}
        codes = {unit.pk: unit.code for unit in units}
        projects = _project_changes(version, previous, caused)
        old = stored_figures(previous)
        version.changes = {
            record: _unit_changes(old[record], figures[record], in_unit, codes)
            + [
                {key: value for key, value in change.items() if key != "public"}
                for change in projects
                if record == ALL or change["public"]
            ]
            for record in viewers
        }
    version.save()
    if previous is None:
        # As of the month's last day its matters were resolved (the figures above count
        # them so); those whose project it still finds red go back to the next meeting.
        matters_carry_over(version=version)
    return version


def publish_closed(sender, period, user, **kwargs):
    """`period_closed`: closing a month publishes it."""
    period_publish(period=period, user=user)


def revise_published(sender, row, step, user, **kwargs):
    """`transitioned`: approving a report of a published month publishes the next version
    of that month and of each later published month of its year (their year to date)."""
    if sender is not ProgressReport or step != "approve":
        return
    later = (
        ReportingPeriod.objects.filter(year=row.year, month__gte=row.month)
        .filter(Exists(PeriodVersion.objects.filter(period=OuterRef("pk"))))
        .order_by("month")
    )
    for period in later:
        period_publish(period=period, user=user, reports=[row])


def connect():
    period_closed.connect(publish_closed, dispatch_uid="publish_closed")
    transitioned.connect(revise_published, dispatch_uid="revise_published")
