"""Where bench rows go and how they leave: bulk inserts (COPY on PostgreSQL) and the
deletion of every bench row.

Bench rows are recognisable: codes start with `bench-` (districts, industries, projects,
rounds), problem tracking codes with `WQ-BENCH-`, and every other row belongs to a bench
district or project.
"""

import io
from datetime import date

from django.db import connection
from django.utils import timezone

from districts.models import District
from enterprises.models import Assignment, Cadre, Enterprise, Problem, Support, Visit
from projects.models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Meeting,
    Milestone,
    Photo,
    ProgressReport,
    Project,
    Round,
    RoundEntry,
)
from projects.totals import ProjectYear

PREFIX = "bench-"
TRACKING_PREFIX = "WQ-BENCH-"
# Every table bench rows go to.
TABLES = [
    District,
    Industry,
    Cadre,
    Meeting,
    Round,
    Enterprise,
    Assignment,
    Project,
    AnnualPlan,
    ProgressReport,
    Milestone,
    Funding,
    ApprovalItem,
    RoundEntry,
    Problem,
    Visit,
    Support,
]


def bench_districts():
    return District.objects.filter(code__startswith=PREFIX)


def bench_projects():
    return Project.objects.filter(code__startswith=PREFIX)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _starts(model, name, prefix):
    """SQL: the field starts with a prefix (a constant of this module: nothing to escape)."""
    return f"{_column(model, name)} LIKE '{prefix}%'"


def _pks(model, condition):
    """SQL selecting the primary keys of the rows of `model` that meet `condition`."""
    pk = connection.ops.quote_name(model._meta.pk.column)
    return f"SELECT {pk} FROM {_table(model)} WHERE {condition}"


def _within(model, name, pks):
    """SQL: the foreign key `name` points at one of the rows `pks` selects."""
    return f"{_column(model, name)} IN ({pks})"


def delete_where(model, *conditions):
    """Delete the rows of `model` that meet any of the SQL conditions, in one statement.

    Unlike `QuerySet.delete()` it sends no signals and loads no objects, so removing
    millions of bench rows takes seconds and writes no deletion history (bench rows have
    no history either). Returns how many rows it deleted.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(model)} WHERE {' OR '.join(conditions)}")
        return cursor.rowcount


def clear():
    """Delete every bench row, children first; returns how many."""
    # Rows outside the bench set that point at bench rows lose the link (as SET_NULL would).
    projects = bench_projects().values("pk")
    districts = bench_districts().values("pk")
    enterprises = Enterprise.objects.filter(district__in=districts).values("pk")
    cadres = Cadre.objects.filter(district__in=districts).values("pk")
    others = Problem.objects.exclude(tracking_code__startswith=TRACKING_PREFIX)
    others.filter(project__in=projects).update(project=None)
    others.filter(enterprise__in=enterprises).update(enterprise=None)
    others.filter(assignee__in=cadres).update(assignee=None)
    others.filter(meeting__district__in=districts).update(meeting=None)
    Project.objects.filter(owner__in=enterprises).exclude(code__startswith=PREFIX).update(
        owner=None
    )

    districts = _pks(District, _starts(District, "code", PREFIX))
    projects = _pks(Project, _starts(Project, "code", PREFIX))
    enterprises = _pks(Enterprise, _within(Enterprise, "district", districts))
    cadres = _pks(Cadre, _within(Cadre, "district", districts))
    rounds = _pks(Round, _starts(Round, "code", PREFIX))
    of_projects = [
        ProgressReport.history.model,
        Photo,
        ProgressReport,
        AnnualPlan,
        Milestone,
        Funding,
        ApprovalItem,
    ]
    steps = [
        (
            Problem,
            _starts(Problem, "tracking_code", TRACKING_PREFIX),
            _within(Problem, "district", districts),
        ),
        (Visit, _within(Visit, "district", districts), _within(Visit, "cadre", cadres)),
        (Support, _within(Support, "enterprise", enterprises)),
        (
            Assignment,
            _within(Assignment, "cadre", cadres),
            _within(Assignment, "project", projects),
            _within(Assignment, "enterprise", enterprises),
        ),
        (
            RoundEntry,
            _within(RoundEntry, "project", projects),
            _within(RoundEntry, "round", rounds),
        ),
        (Round, _starts(Round, "code", PREFIX)),
        *((model, _within(model, "project", projects)) for model in of_projects),
        (Meeting, _within(Meeting, "district", districts)),
        (ProjectYear, _within(ProjectYear, "project", projects)),
        (Project.history.model, _starts(Project.history.model, "code", PREFIX)),
        (Problem.history.model, _starts(Problem.history.model, "tracking_code", TRACKING_PREFIX)),
        (Project, _starts(Project, "code", PREFIX)),
        (Enterprise.labels.through, _within(Enterprise.labels.through, "enterprise", enterprises)),
        (Enterprise, _within(Enterprise, "district", districts)),
        (Cadre, _within(Cadre, "district", districts)),
        (Industry, _starts(Industry, "code", PREFIX)),
        (District, _starts(District, "code", PREFIX)),
    ]
    return sum(delete_where(model, *conditions) for model, *conditions in steps)


def _csv(value):
    """One value in PostgreSQL's CSV COPY format (unquoted empty = NULL)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Writer:
    """Bulk inserts of dict rows (attname → value): COPY on PostgreSQL, bulk_create elsewhere.

    Columns a row leaves out get the field's default (auto_now fields: now), as the ORM would.
    """

    def __init__(self, batch_size):
        self.batch_size = batch_size
        self.copy = connection.vendor == "postgresql"
        self.columns = {}

    def model_columns(self, model):
        if model not in self.columns:
            now = timezone.now()
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            defaults = {
                f.attname: now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default()
                for f in fields
            }
            self.columns[model] = (fields, defaults)
        return self.columns[model]

    def __call__(self, model, rows):
        if not rows:
            return
        fields, defaults = self.model_columns(model)
        if not self.copy:
            model.objects.bulk_create(
                [model(**{**defaults, **row}) for row in rows], batch_size=self.batch_size
            )
            return
        names = [f.attname for f in fields]
        buffer = io.StringIO()
        for row in rows:
            buffer.write(",".join(_csv(row.get(n, defaults[n])) for n in names))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer
            )
