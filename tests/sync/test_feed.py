"""The bulk feed (DESIGN.md "Sync"): one JSON object a line, the list's fields plus the
figures, streamed; the gate applies (the public never gets an unpublished project, nor a
problem); the OC4IDS package of the published projects, streamed, validates."""

import json

import pytest

from core.period import resolve_period
from enterprises.models import Problem
from projects.api.serializers import ProjectSerializer
from projects.models import ProgressReport, Project
from tests.factories import ProjectFactory
from tests.projects.test_oc4ids import validator


def lines(response):
    assert response.status_code == 200, response
    assert response.streaming
    assert response["X-Accel-Buffering"] == "no"
    assert response["Content-Type"].startswith("application/x-ndjson")
    text = b"".join(response.streaming_content).decode()
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_projects_feed_has_the_list_fields_and_the_figures(world, api_client):
    rows = lines(api_client.get("/api/v1/feed/projects.ndjson"))
    codes = [row["code"] for row in rows]
    assert codes == list(Project.objects.public().order_by("pk").values_list("code", flat=True))
    assert world.hualong.hidden_project.code not in codes
    listed = api_client.get(f"/api/v1/projects/?search={world.hualong.project.code}").json()
    [list_row] = [r for r in listed["results"] if r["code"] == world.hualong.project.code]
    [feed_row] = [r for r in rows if r["code"] == world.hualong.project.code]
    assert set(ProjectSerializer.Meta.fields) <= set(feed_row)
    assert {name: feed_row[name] for name in list_row} == list_row
    figures = feed_row["figures"]
    now = resolve_period()  # "now": the newest closed month
    assert (figures["year"], figures["month"], figures["version"]) == (now.year, now.month, None)
    assert set(figures) >= {"planned_investment", "completed_investment", "completion_rate"}
    assert isinstance(feed_row["annual_plans"], list)


def test_officials_get_their_scope(world, token_client):
    admin = token_client(world.users["city_admin"])
    codes = {row["code"] for row in lines(admin.get("/api/v1/feed/projects.ndjson"))}
    assert world.hualong.hidden_project.code in codes
    assert len(codes) == Project.objects.count()


@pytest.mark.parametrize("name", ["districts", "rounds"])
def test_reference_feeds(world, api_client, name):
    rows = lines(api_client.get(f"/api/v1/feed/{name}.ndjson"))
    assert rows and all("code" in row for row in rows)


def test_reports_feed_has_only_approved_reports_of_published_projects(world, api_client):
    rows = lines(api_client.get("/api/v1/feed/progress-reports.ndjson"))
    expected = ProgressReport.objects.public().order_by("pk").values_list("pk", flat=True)
    assert [row["id"] for row in rows] == list(expected)
    assert {row["status"] for row in rows} == {"approved"}


def test_problems_are_for_officials(world, api_client, token_client):
    assert lines(api_client.get("/api/v1/feed/problems.ndjson")) == []
    admin = token_client(world.users["city_admin"])
    rows = lines(admin.get("/api/v1/feed/problems.ndjson"))
    assert sorted(row["tracking_code"] for row in rows) == sorted(
        Problem.objects.values_list("tracking_code", flat=True)
    )
    assert world.hualong.problem.tracking_code in {row["tracking_code"] for row in rows}
    assert rows and all("phone" not in json.dumps(row) for row in rows)


@pytest.mark.parametrize(
    "path", ["feed/secrets.ndjson", "feed/a b.ndjson", "feed/projects.csv", "oc4ids/x/y.json"]
)
def test_unknown_feed_is_a_json_404(world, api_client, path):
    response = api_client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_many_rows_stream_in_chunks(world, api_client, settings, monkeypatch):
    monkeypatch.setattr("sync.feed.CHUNK", 7)
    for n in range(30):
        ProjectFactory(code=f"feed-{n:02d}", district=world.hualong.district)
    response = api_client.get("/api/v1/feed/projects.ndjson")
    pieces = list(response.streaming_content)
    assert len(pieces) >= 30 // 7  # written as read, a batch at a time
    rows = [json.loads(line) for line in b"".join(pieces).decode().splitlines()]
    assert len(rows) == Project.objects.public().count()


def test_oc4ids_package_is_streamed_and_valid(world, api_client):
    response = api_client.get("/api/v1/oc4ids/package.json")
    assert response.status_code == 200 and response.streaming
    package = json.loads(b"".join(response.streaming_content))
    validator().validate(package)
    ids = [project["id"] for project in package["projects"]]
    assert len(ids) == Project.objects.public().count()
    assert not any(world.hualong.hidden_project.code in project_id for project_id in ids)
