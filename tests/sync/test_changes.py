"""The change feed (DESIGN.md "Sync"): each create, update, unpublish and delete seen exactly
once, in order, across pages; tombstones for deletes and unpublishes; an unpublished
project's data never reaches the public; one row per resource however often a transaction
writes it; bulk writes recorded in a few queries; bad cursors and limits answer 400."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects.choices import ReportStatus, Stage
from projects.models import Project
from projects.services import report_approve
from sync.models import ChangeLog
from tests.factories import ProgressReportFactory, ProjectFactory

CHANGES = "/api/v1/changes/"


def apart(write, *args):
    """A write in a transaction of its own, as each request makes it."""
    with transaction.atomic():
        return write(*args)


def save(row, **fields):
    for name, value in fields.items():
        setattr(row, name, value)
    apart(row.save)


def feed(client, since=None, limit=None):
    params = {key: value for key, value in {"since": since, "limit": limit}.items() if value}
    response = client.get(CHANGES, params)
    assert response.status_code == 200, response.content
    return response.json()


def start(client):
    """The cursor after everything there is now (a client's first full pull)."""
    body = feed(client, limit=1000)
    return body["next"]


def test_each_change_is_seen_once_in_order(world, api_client):
    district = world.hualong.district
    cursor = start(api_client)
    seen = []

    def poll():
        nonlocal cursor
        body = feed(api_client, cursor)
        cursor = body["next"]
        seen.extend(
            (row["action"], row["key"], row["data"] and row["data"]["name"])
            for row in body["results"]
        )

    project = apart(
        lambda: ProjectFactory(code="sync-1", name="新建", district=district, is_published=True)
    )
    poll()
    save(project, name="改名")
    poll()
    save(project, is_published=False)
    poll()
    apart(project.delete)
    poll()
    poll()  # nothing new: nothing seen twice
    assert seen == [
        ("upsert", "sync-1", "新建"),
        ("upsert", "sync-1", "改名"),
        ("delete", "sync-1", None),
        ("delete", "sync-1", None),
    ]


def test_a_walk_across_pages_sees_each_resource_once_at_its_newest_change(world, api_client):
    cursor = start(api_client)
    district = world.hualong.district
    first = apart(lambda: ProjectFactory(code="walk-a", district=district))
    second = apart(lambda: ProjectFactory(code="walk-b", district=district))
    third = apart(lambda: ProjectFactory(code="walk-c", district=district))
    save(first, name="甲改")  # now newer than the others
    apart(third.delete)
    keys, actions = [], []
    while True:
        body = feed(api_client, cursor, limit=2)
        if not body["results"]:
            break
        assert len(body["results"]) <= 2
        keys += [row["key"] for row in body["results"]]
        actions += [row["action"] for row in body["results"]]
        seqs = [row["seq"] for row in body["results"]]
        assert seqs == sorted(seqs)
        cursor = body["next"]
    assert keys == ["walk-b", "walk-a", "walk-c"]
    assert actions == ["upsert", "upsert", "delete"]
    assert second.code in keys


def test_an_unpublished_project_never_reaches_the_public(world, api_client, token_client):
    cursor = start(api_client)
    admin = token_client(world.users["city_admin"])
    admin_cursor = start(admin)
    hidden = world.hualong.hidden_project
    save(hidden, name="秘密项目")
    assert feed(api_client, cursor)["results"] == []  # never public: not even a tombstone
    [change] = feed(admin, admin_cursor)["results"]
    assert (change["key"], change["action"], change["data"]["name"]) == (
        hidden.code,
        "upsert",
        "秘密项目",
    )

    shown = world.hualong.project
    save(shown, is_published=False, name="撤回后的秘密")
    response = api_client.get(CHANGES, {"since": cursor})
    [tombstone] = response.json()["results"]
    assert tombstone == {
        "seq": tombstone["seq"],
        "type": "project",
        "key": shown.code,
        "action": "delete",
        "data": None,
    }
    assert "撤回后的秘密" not in response.content.decode()


def test_an_approval_changes_the_report_and_its_project(world, api_client):
    cursor = start(api_client)
    project = world.hualong.project
    report = apart(
        lambda: ProgressReportFactory(
            project=project, year=2022, month=6, status=ReportStatus.SUBMITTED
        )
    )
    assert feed(api_client, cursor)["results"] == []  # a submitted report is no public change
    apart(lambda: report_approve(report=report, reviewer=world.users["reviewer"]))
    changes = feed(api_client, cursor)["results"]
    assert sorted((row["type"], row["key"], row["action"]) for row in changes) == [
        ("progress-report", str(report.pk), "upsert"),
        ("project", project.code, "upsert"),
    ]
    project_data = next(row["data"] for row in changes if row["type"] == "project")
    assert {"figures", "annual_plans", "milestones", "funding"} <= set(project_data)


def test_one_row_per_resource_per_transaction(world):
    project = world.hualong.project
    with transaction.atomic():
        for name in ("一", "二", "三"):
            project.name = name
            project.save()
    assert ChangeLog.objects.filter(type="project", key=project.code).count() == 1


def test_a_bulk_update_is_recorded_in_a_few_queries(world, api_client):
    cursor = start(api_client)
    for n in range(10):
        apart(lambda n=n: ProjectFactory(code=f"bulk-{n}", district=world.jingkai.district))
    cursor = feed(api_client, cursor)["next"]
    rows = Project.objects.filter(code__startswith="bulk-")
    with CaptureQueriesContext(connection) as queries:
        apart(lambda: rows.update(stage=Stage.SIGNED))
    # The feed's part: the projects' codes, the older rows' public flags, their delete, one
    # insert; whatever the number of rows.
    feed_queries = [q["sql"] for q in queries.captured_queries if "sync_changelog" in q["sql"]]
    assert len(feed_queries) == 3, feed_queries
    # A sync after ten changes transfers those ten and nothing more.
    changes = feed(api_client, cursor)["results"]
    assert sorted(row["key"] for row in changes) == [f"bulk-{n}" for n in range(10)]
    assert {row["data"]["stage"] for row in changes} == {"signed"}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"since": "abc"}, "since"),
        ({"since": "1." + "9" * 30}, "since"),
        ({"limit": "0"}, "limit"),
        ({"limit": "²"}, "limit"),
    ],
)
def test_bad_cursor_or_limit_is_a_400(world, api_client, params, field):
    response = api_client.get(CHANGES, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_rolled_back_write_leaves_no_trace_and_the_next_is_recorded(world, api_client):
    cursor = start(api_client)
    project = world.hualong.project
    with pytest.raises(RuntimeError), transaction.atomic():
        project.name = "回滚的名字"
        project.save()
        raise RuntimeError
    assert feed(api_client, cursor)["results"] == []
    project.refresh_from_db()
    save(project, name="真正的名字")
    [change] = feed(api_client, cursor)["results"]
    assert (change["key"], change["data"]["name"]) == (project.code, "真正的名字")
