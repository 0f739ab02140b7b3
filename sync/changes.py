"""The change feed (DESIGN.md "Sync"): every create, update, unpublish and delete of a public
resource gets a sequence number; `GET /api/v1/changes/?since=<cursor>` hands out what changed
after the cursor, each resource as the viewer sees it now.

Recording. Every write to a tracked model is announced once (core.tracking.rows_changed,
bulk writes included); the writes that change a synced resource (a project, its plans,
milestones, funding, reports, round entries; a unit; a round; a problem) record the resource
in the same transaction: the rows of one bulk write in three queries, and a resource written
again in the same atomic block updates its row instead of adding one. The table holds one
row per resource, its newest change: a change deletes the resource's older row.

Order. A sequence number is taken when the change is written, but transactions commit in
another order: a reader could pass a number whose transaction has not committed yet and never
see it. On PostgreSQL each row also names its transaction, changes are handed out in the
order (transaction, number), and only those of transactions older than every running one
(`pg_snapshot_xmin`): no change can appear behind a cursor once handed out. SQLite has one
writer at a time.

Visibility. The public gets the changes of resources it could ever see (a project published
at some time, an approved report of one, units and rounds); an upsert carries the resource as
the viewer's list shows it now, and a resource the viewer cannot see now (deleted,
unpublished, a report returned) is a `delete` tombstone without data. An official also gets
its unit's changes; a city administrator all.
"""

import re

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from core.scoping import official_of, sees_everything
from core.tracking import rows_changed
from core.validators import whole_number
from projects.choices import ReportStatus

from .models import Action, ChangeLog, CurrentTransaction
from .resources import RESOURCES
from .webhooks import projects_changed

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


# --- recording ------------------------------------------------------------------------------


def _projects(ids):
    """{project id: (code, district id, published)} in one query."""
    model = apps.get_model("projects", "Project")
    return {
        pk: (code, district, published)
        for pk, code, district, published in model._base_manager.filter(pk__in=ids).values_list(
            "pk", "code", "district_id", "is_published"
        )
    }


def _project_changes(project_ids):
    return [
        ("project", code, district, published, Action.UPSERT)
        for code, district, published in _projects(project_ids).values()
    ]


def _of_projects(rows, deleted):
    return [
        ("project", row.code, row.district_id, row.is_published and not deleted, _action(deleted))
        for row in rows
    ]


def _of_reports(rows, deleted):
    projects = _projects({row.project_id for row in rows})
    changes = []
    for row in rows:
        code, district, published = projects.get(row.project_id, (None, None, False))
        approved = row.status == ReportStatus.APPROVED and not deleted
        changes.append(
            ("progress-report", str(row.pk), district, approved and published, _action(deleted))
        )
    # An approved report counts in its project's figures: the project changed too.
    approved = {row.project_id for row in rows if row.status == ReportStatus.APPROVED}
    changes += _project_changes(approved)
    return changes


def _of_project_parts(rows, deleted):
    return _project_changes({row.project_id for row in rows})


def _of_round_entries(rows, deleted):
    rounds = apps.get_model("projects", "Round")._base_manager.filter(
        pk__in={row.round_id for row in rows}
    )
    return _of_rounds(rounds, False) + _project_changes({row.project_id for row in rows})


def _of_rounds(rows, deleted):
    return [("round", row.code, row.district_id, not deleted, _action(deleted)) for row in rows]


def _of_districts(rows, deleted):
    return [("district", row.code, row.pk, not deleted, _action(deleted)) for row in rows]


def _of_problems(rows, deleted):
    # Never public: a problem's status is its raiser's, by tracking code (DESIGN.md "Roles").
    return [
        ("problem", row.tracking_code, row.district_id, False, _action(deleted)) for row in rows
    ]


def _action(deleted):
    return Action.DELETE if deleted else Action.UPSERT


SOURCES = {
    "projects.Project": _of_projects,
    "projects.ProgressReport": _of_reports,
    "projects.AnnualPlan": _of_project_parts,
    "projects.Milestone": _of_project_parts,
    "projects.Funding": _of_project_parts,
    "projects.RoundEntry": _of_round_entries,
    "projects.Round": _of_rounds,
    "districts.District": _of_districts,
    "enterprises.Problem": _of_problems,
}


def _pending():
    """This atomic block's recorded resources: {(type, key): (seq, action, district, public)}.

    Kept on the connection while its commit callback is waiting: a rollback discards the
    callback, and with it what was recorded."""
    if not connection.in_atomic_block:
        return {}
    level = frozenset(connection.savepoint_ids)
    state = getattr(connection, "sync_changes", None)
    if (
        state is None
        or state[0] != level
        or not any(entry[1] is state[2] for entry in connection.run_on_commit)
    ):

        def clear():
            connection.sync_changes = None

        state = connection.sync_changes = (level, {}, clear)
        transaction.on_commit(clear, robust=True)
    return state[1]


def record(changes):
    """Record (type, key, district id, public now, action) changes: the last of a resource
    wins; `public` stays true once it was."""
    latest = {}
    for type_, key, district, public, action in changes:
        if key is None:
            continue
        before = latest.get((type_, key))
        latest[(type_, key)] = (district, public or bool(before and before[1]), action)
    if not latest:
        return
    pending = _pending()
    new = {}
    for resource, (district, public, action) in latest.items():
        recorded = pending.get(resource)
        if recorded is not None:
            seq, was_action, was_district, was_public = recorded
            public = public or was_public
            if (action, district, public) != (was_action, was_district, was_public):
                ChangeLog.objects.filter(pk=seq).update(
                    action=action, district=district, public=public
                )
                pending[resource] = (seq, action, district, public)
            continue
        new[resource] = (district, public, action)
    if not new:
        return
    by_type = {}
    for type_, key in new:
        by_type.setdefault(type_, []).append(key)
    older = ChangeLog.objects.none()
    for type_, keys in by_type.items():
        older = older | ChangeLog.objects.filter(type=type_, key__in=keys)
    was_public = set(older.filter(public=True).values_list("type", "key"))
    older.delete()
    rows = ChangeLog.objects.bulk_create(
        ChangeLog(
            type=type_,
            key=key,
            district=district,
            public=public or (type_, key) in was_public,
            action=action,
        )
        for (type_, key), (district, public, action) in new.items()
    )
    for row in rows:
        if row.pk is not None:
            pending[(row.type, row.key)] = (row.pk, row.action, row.district, row.public)
    projects_changed([(row.key, row.action) for row in rows if row.type == "project"])


def _changed(sender, rows, origin=None, **kwargs):
    source = SOURCES.get(sender._meta.label)
    if source is None:
        return
    rows = list(rows)
    if rows:
        record(source(rows, deleted=origin is not None))


def connect():
    rows_changed.connect(_changed, dispatch_uid="sync_changes")


# --- reading --------------------------------------------------------------------------------

CURSOR = re.compile(r"[0-9]{1,19}\.[0-9]{1,19}")


def cursor_of(row):
    return f"{row.txid}.{row.seq}"


def parse_query(params):
    """(since as (txid, seq), limit) from the query string; a 400 naming the field else."""
    errors = {}
    since = params.get("since") or None
    if since is not None:
        if not CURSOR.fullmatch(since):
            errors["since"] = [_("Give the `next` cursor of an earlier answer.")]
        else:
            since = tuple(int(part) for part in since.split("."))
    limit = params.get("limit")
    if limit is None:
        limit = DEFAULT_LIMIT
    else:
        limit = whole_number(limit)
        if not limit:
            errors["limit"] = [_("Enter a whole number of at least 1.")]
        else:
            limit = min(limit, MAX_LIMIT)
    if errors:
        raise ValidationError(errors)
    return since, limit


def visible_changes(user):
    rows = ChangeLog.objects.all()
    if not sees_everything(user):
        shown = Q(public=True)
        official = official_of(user)
        if official is not None and official.district_id is not None:
            shown |= Q(district=official.district_id)
        rows = rows.filter(shown)
    if connection.vendor == "postgresql":
        finished = RawSQL("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", [])
        own = RawSQL("coalesce(pg_current_xact_id_if_assigned()::text::bigint, -1)", [])
        rows = rows.filter(Q(txid__lt=finished) | Q(txid=own))
    return rows


def newest_cursor(user):
    """The cursor of the newest change the viewer may be handed now: a client that pulls the
    bulk feed after reading it follows the change feed from it and misses nothing."""
    newest = visible_changes(user).order_by("-txid", "-seq").first()
    return cursor_of(newest) if newest else "0.0"


def changes_after(request, since, limit):
    """{"results": [...], "next": cursor} of the changes after `since`, as the request's
    viewer sees them."""
    rows = visible_changes(request.user)
    if since is not None:
        txid, seq = since
        rows = rows.filter(Q(txid__gt=txid) | Q(txid=txid, seq__gt=seq))
    page = list(rows.order_by("txid", "seq")[:limit])
    keys = {}
    for row in page:
        keys.setdefault(row.type, []).append(row.key)
    found = {}
    for type_, type_keys in keys.items():
        resource = RESOURCES[type_]
        for data in resource.rows(request, keys=type_keys):
            found[(type_, resource.key_of(data))] = data
    results = []
    for row in page:
        data = found.get((row.type, row.key))
        results.append(
            {
                "seq": row.seq,
                "type": row.type,
                "key": row.key,
                "action": Action.UPSERT if data is not None else Action.DELETE,
                "data": data,
            }
        )
    if page:
        next_cursor = cursor_of(page[-1])
    elif since is not None:
        next_cursor = f"{since[0]}.{since[1]}"
    else:
        next_cursor = "0.0"
    return {"results": results, "next": next_cursor}


__all__ = ["CurrentTransaction", "changes_after", "connect", "parse_query", "record"]
