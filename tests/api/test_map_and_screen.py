"""The read endpoints of the map and the dispatch-room screen: projects/map/, stats/warnings/,
stats/rounds/, and the project list sorted by rate, points and light."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ReportingPeriod
from districts.models import DistrictKind
from projects.choices import Stage
from projects.models import Project
from projects.progress import annotate_progress
from tests.factories import (
    AnnualPlanFactory,
    DistrictFactory,
    MilestoneFactory,
    ProgressReportFactory,
    ProjectFactory,
    RoundEntryFactory,
    RoundFactory,
)


@pytest.fixture(autouse=True)
def january_closed(world):
    """The reporting cycle: January 2022 is the newest closed period ("now")."""
    ReportingPeriod.objects.create(year=2022, month=1, status="closed")


def locate(project, latitude, longitude):
    project.latitude, project.longitude = Decimal(latitude), Decimal(longitude)
    project.save()


@pytest.fixture
def zone(world):
    """A functional zone (not an administrative area) with two located projects, one of
    them unpublished."""
    district = DistrictFactory(code="zone", name="示范区", kind=DistrictKind.DEMONSTRATION_ZONE)
    shown = ProjectFactory(code="zone-pub", district=district)
    hidden = ProjectFactory(code="zone-hidden", district=district, is_published=False)
    locate(shown, "35.700000", "115.000000")
    locate(hidden, "35.800000", "115.200000")
    return district


def test_map_lists_the_located_projects_a_viewer_may_see_with_their_lights(world, zone):
    locate(world.hualong.project, "35.760000", "115.070000")
    locate(world.hualong.hidden_project, "35.770000", "115.080000")
    body = world.client("anonymous").get("/api/v1/projects/map/").json()
    assert (body["year"], body["month"], body["scope"]) == (2022, 1, "public")
    # Every published project matches (the default period is the newest approved month);
    # only those with coordinates are on the map.
    assert body["count"] == Project.objects.public().count() == 3
    (hualong, in_zone) = sorted(body["results"], key=lambda p: p["code"])
    assert in_zone["code"] == "zone-pub"
    assert hualong == {
        "code": "hualong-pub",
        "name": world.hualong.project.name,
        "district": "hualong",
        "district_name": "华龙区",
        "stage": "planned",
        "stage_label": "Planned",
        "total_investment": "120000.00",
        "latitude": "35.760000",
        "longitude": "115.070000",
        "completion_rate": 25.0,  # 2,500 of 10,000
        "points_ahead": 16.7,  # 25.0 − 8.3 (January)
        "warning": "green",
        "warning_label": "Green",
    }
    # The zone is marked where its projects are: the public sees only the published one's.
    assert body["zones"] == [
        {
            "district": "zone",
            "name": "示范区",
            "kind": "demonstration_zone",
            "kind_label": "Demonstration zone",
            "latitude": "35.700000",
            "longitude": "115.000000",
        }
    ]
    official = world.client("city_admin").get("/api/v1/projects/map/").json()
    assert official["scope"] == "official"
    assert {p["code"] for p in official["results"]} >= {"hualong-hidden", "zone-hidden"}
    assert official["zones"][0]["latitude"] == "35.750000"  # the mean of both projects


def test_map_takes_the_project_list_filters(world, zone):
    locate(world.hualong.project, "35.760000", "115.070000")
    locate(world.jingkai.project, "35.720000", "114.980000")
    client = world.client("anonymous")
    body = client.get("/api/v1/projects/map/", {"district": "jingkai"}).json()
    assert [p["code"] for p in body["results"]] == ["jingkai-pub"]
    assert body["count"] == 1
    refused = client.get("/api/v1/projects/map/", {"district": "atlantis", "year": "x"})
    assert refused.status_code == 400
    assert {"district", "year"} <= set(refused.json())


def test_map_takes_few_queries_whatever_the_number_of_projects(world, zone, uncached):
    client = world.client("anonymous")
    with CaptureQueriesContext(connection) as before:
        client.get("/api/v1/projects/map/")
    for n in range(5):
        project = ProjectFactory(district=world.jingkai.district)
        locate(project, "35.7", f"115.{n}")
    with CaptureQueriesContext(connection) as after:
        body = client.get("/api/v1/projects/map/").json()
    assert len(body["results"]) == 6
    assert len(after) == len(before) <= 8


def test_project_list_sorts_by_completion_rate_points_and_light(world):
    """Rates and lights sort in SQL, the same on the pages and in the API; projects without
    a plan (no rate) come last either way."""
    late = ProjectFactory(code="late", district=world.jingkai.district)
    AnnualPlanFactory(project=late, year=2022, planned_investment=Decimal("10000.00"))
    ProgressReportFactory(
        project=late, year=2022, month=1, approved=True, completed_investment=Decimal("100")
    )
    MilestoneFactory(project=late, planned_date=datetime.date(2021, 9, 30))  # 3 months late
    ProjectFactory(code="no-plan", district=world.jingkai.district)
    client = world.client("anonymous")

    def codes(ordering):
        body = client.get("/api/v1/projects/", {"ordering": ordering, "year": 2022}).json()
        return [row["code"] for row in body["results"]]

    assert codes("-completion_rate") == ["hualong-pub", "jingkai-pub", "late"]
    assert codes("completion_rate") == ["late", "hualong-pub", "jingkai-pub"]
    assert codes("-points_ahead") == codes("-completion_rate")
    all_codes = client.get("/api/v1/projects/", {"ordering": "-completion_rate"}).json()
    assert all_codes["results"][-1]["code"] == "no-plan"
    # A milestone three months late: red, ahead of the greens when sorted by light.
    assert codes("-warning")[0] == "late"
    assert codes("warning")[-1] == "late"


def test_warning_lights_per_unit_count_what_the_viewer_may_see(world):
    client = world.client("anonymous")
    body = client.get("/api/v1/stats/warnings/", {"year": 2022, "month": 1}).json()
    assert (body["year"], body["month"], body["scope"]) == (2022, 1, "public")
    lights = annotate_progress(Project.objects.public(), year=2022, month=1)
    for row in body["results"]:
        mine = lights.filter(district__code=row["district"])
        assert row["project_count"] == mine.count() == 1
        for light in ("red", "yellow", "green"):
            assert row[light] == mine.filter(warning=light).count()
    first = body["results"][0]
    assert list(first) == ["district", "name", "red", "yellow", "green", "project_count", "links"]
    # Each count links to the projects it counts, in the list of the same period.
    assert client.get(first["links"]["red"]).json()["count"] == first["red"]
    assert client.get(first["links"]["projects"]).json()["count"] == first["project_count"]
    assert body["city"]["project_count"] == 2
    admin = world.client("city_admin").get("/api/v1/stats/warnings/", {"year": 2022}).json()
    assert (admin["scope"], admin["city"]["project_count"]) == ("official", 4)
    assert client.get("/api/v1/stats/warnings/", {"month": 13}).status_code == 400


def test_rounds_count_each_list_its_investment_and_how_far_it_got(world):
    world.hualong.project.stage = Stage.UNDER_CONSTRUCTION  # on the signed list: got there
    world.hualong.project.save()
    later = RoundFactory(code="r2", number=2, name="第二期", district=world.jingkai.district)
    RoundEntryFactory(round=later, project=world.jingkai.project, round_list="started")
    RoundEntryFactory(round=later, project=world.hualong.project, round_list="in_production")
    client = world.client("anonymous")
    body = client.get("/api/v1/stats/rounds/").json()
    assert body["scope"] == "public"
    first, second = body["results"]
    assert first["code"] == "r1" and second["code"] == "r2"
    assert first["lists"] == [
        {"list": "signed", "label": "Signed", "count": 1, "investment": "120000.00", "reached": 1},
        {"list": "started", "label": "Started", "count": 0, "investment": "0.00", "reached": 0},
        {
            "list": "in_production",
            "label": "Put into production",
            "count": 1,
            "investment": "120000.00",
            "reached": 0,  # still planned
        },
    ]
    # Two rounds, two distinct projects over all lists (the unpublished one left out).
    assert body["total"] == {"rounds": 2, "projects": 2, "investment": "240000.00"}
    admin = world.client("city_admin").get("/api/v1/stats/rounds/").json()
    assert admin["total"]["projects"] == 3
    # A unit: its own rounds, and its projects on city-wide rounds.
    jingkai = client.get("/api/v1/stats/rounds/", {"district": "jingkai"}).json()
    assert jingkai["total"] == {"rounds": 2, "projects": 2, "investment": "240000.00"}
    only = client.get("/api/v1/stats/rounds/", {"round": "r2"}).json()
    assert [r["code"] for r in only["results"]] == ["r2"]
    assert client.get("/api/v1/stats/rounds/", {"round": "nope"}).status_code == 400


def test_schema_documents_the_screen_endpoints_and_their_filters(openapi):
    paths = openapi["paths"]
    map_parameters = {p["name"] for p in paths["/api/v1/projects/map/"]["get"]["parameters"]}
    assert {"district", "stage", "year", "search", "ordering"} <= map_parameters
    rounds = {p["name"] for p in paths["/api/v1/stats/rounds/"]["get"]["parameters"]}
    assert rounds == {"district", "round", "list"}
    warnings = {p["name"] for p in paths["/api/v1/stats/warnings/"]["get"]["parameters"]}
    assert warnings == {"year", "month", "version"}
    ordering = next(
        p for p in paths["/api/v1/projects/"]["get"]["parameters"] if p["name"] == "ordering"
    )
    assert {"completion_rate", "-points_ahead", "-warning"} <= set(
        ordering["schema"]["items"]["enum"]
    )
