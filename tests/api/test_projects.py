"""Key projects over the API: malformed filters, the detail with its figures, what the public
may and may not see, pagination. (Each filter's and ordering's rows: test_filtersets.py.)"""

import datetime

import pytest

from core.models import PeriodStatus, ReportingPeriod
from core.period import Period
from projects.models import Industry
from projects.progress import project_progress
from tests.factories import MilestoneFactory, ProjectFactory


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"min_investment": "-1"},
        {"min_investment": "1E+200000"},
        {"max_investment": "0.001"},
        {"year": "2022.5"},
        {"year": "1999"},
        {"district": "nowhere"},
        {"ordering": "owner"},
        {"published": "yes"},
    ],
)
def test_malformed_project_filters_answer_400_with_the_field(world, params):
    response = world.client("anonymous").get("/api/v1/projects/", params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_an_unpublished_project_code_is_unknown_to_the_public_as_a_filter(world):
    client = world.client("anonymous")
    response = client.get("/api/v1/milestones/", {"project": "hualong-hidden"})
    assert response.status_code == 400
    assert "project" in response.json()
    ok = world.client("reporter").get("/api/v1/milestones/", {"project": "hualong-hidden"})
    assert [row["project"] for row in ok.json()["results"]] == ["hualong-hidden"]


def test_project_detail_carries_its_parts_and_figures(world):
    ReportingPeriod.objects.create(year=2022, month=1, status=PeriodStatus.CLOSED)
    project = world.hualong.project
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2022, 3, 1),
        actual_date=datetime.date(2022, 3, 5),
    )
    response = world.client("anonymous").get("/api/v1/projects/hualong-pub/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "hualong-pub"
    assert body["district"] == "hualong" and body["industry"] == "hydrogen"
    assert body["stage"] == "planned" and body["stage_label"] == "Planned"
    assert body["total_investment"] == "120000.00"
    assert body["owner"] == world.hualong.enterprise.credit_code
    assert body["annual_plans"] == [
        {"year": 2022, "planned_investment": "10000.00", "goals": "完成主体工程建设。"}
    ]
    assert [(m["planned_date"], m["overdue"]) for m in body["milestones"]] == [
        ("2022-03-01", False),
        ("2022-06-30", True),
    ]
    assert [(f["kind"], f["secured"], f["disbursed"]) for f in body["funding"]] == [
        ("central_budget", "1000.00", "800.00")
    ]
    assert [a["kind"] for a in body["approval_items"]] == ["land"]
    assert body["rounds"] == [
        {
            "round": "r1",
            "name": "第一期",
            "number": 1,
            "held_on": "2022-04-08",
            "list": "signed",
            "list_label": "Signed",
        }
    ]
    # The latest *approved* report, not the newer draft of February.
    assert body["latest_progress"]["month"] == 1
    assert body["latest_progress"]["completed_investment"] == "2500.00"
    # Without `year`, the period of the pages: the newest closed period (January 2022).
    expected = project_progress(project, period=Period(2022, 1))
    assert body["progress"]["year"] == 2022 and body["progress"]["month"] == 1
    assert body["progress"]["completed_investment"] == "2500.00"
    assert body["progress"]["completion_rate"] == float(expected["completion_rate"]) == 25.0
    assert body["warning"] == expected["warning"]
    assert body["warning_label"]


def test_project_detail_period_chooses_the_figures_and_is_validated(world):
    client = world.client("anonymous")
    body = client.get("/api/v1/projects/hualong-pub/", {"year": 2023}).json()
    assert body["progress"]["year"] == 2023
    assert body["progress"]["planned_investment"] is None
    assert body["progress"]["completion_rate"] is None
    june = client.get("/api/v1/projects/hualong-pub/", {"year": 2022, "month": 6}).json()
    assert june["progress"]["month"] == 6 and june["progress"]["schedule_rate"] == 50.0
    for params in ({"year": "twenty"}, {"year": 2022, "month": 13}):
        bad = client.get("/api/v1/projects/hualong-pub/", params)
        assert bad.status_code == 400 and set(bad.json()) <= {"year", "month"}


def test_project_without_approved_reports_has_no_latest_progress(world):
    response = world.client("anonymous").get("/api/v1/projects/jingkai-pub/")
    assert response.json()["latest_progress"]["month"] == 1
    ProjectFactory(code="fresh", district=world.hualong.district)
    fresh = world.client("anonymous").get("/api/v1/projects/fresh/").json()
    assert fresh["latest_progress"] is None
    assert fresh["progress"]["completed_investment"] == "0.00"


@pytest.mark.parametrize(
    ("viewer", "code", "status"),
    [
        ("anonymous", "hualong-hidden", 404),
        ("plain", "hualong-hidden", 404),
        ("reporter", "hualong-hidden", 200),
        ("reporter", "jingkai-hidden", 404),
        ("other_reporter", "jingkai-hidden", 200),
        ("cadre", "hualong-pub", 200),
        ("cadre", "jingkai-pub", 200),  # published: officials see what the public sees
        ("reporter", "jingkai-pub", 200),
        ("city_admin", "jingkai-hidden", 200),
        ("anonymous", "no-such-project", 404),
    ],
)
def test_project_detail_follows_the_visibility_gate(world, viewer, code, status):
    response = world.client(viewer).get(f"/api/v1/projects/{code}/")
    assert response.status_code == status
    if status == 404:
        assert list(response.json()) == ["detail"]


def test_public_reports_of_an_unpublished_project_stay_hidden(world):
    response = world.client("anonymous").get(
        f"/api/v1/progress-reports/{world.hualong.hidden_approved.pk}/"
    )
    assert response.status_code == 404
    draft = world.client("anonymous").get(f"/api/v1/progress-reports/{world.hualong.draft.pk}/")
    assert draft.status_code == 404


def test_pagination_envelope_links_and_errors(world):
    client = world.client("city_admin")
    first = client.get("/api/v1/projects/", {"page_size": 3}).json()
    assert first["count"] == 4 and len(first["results"]) == 3
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    past = client.get("/api/v1/projects/", {"page": 3, "page_size": 3})
    assert past.status_code == 404 and list(past.json()) == ["detail"]
    for size in ("0", "-1", "abc", "2.5"):
        bad = client.get("/api/v1/projects/", {"page_size": size})
        assert bad.status_code == 400 and "page_size" in bad.json(), size


def test_page_size_is_capped_at_the_documented_maximum(world, settings):
    Industry.objects.bulk_create(
        Industry(code=f"industry-x{n}", name=f"产业{n}", order=n) for n in range(105)
    )
    body = world.client("anonymous").get("/api/v1/industries/", {"page_size": 1000}).json()
    assert body["count"] == 106
    assert len(body["results"]) == settings.API_MAX_PAGE_SIZE == 100


def test_read_only_resources_refuse_writes(world):
    for path in ("/api/v1/projects/", "/api/v1/milestones/", "/api/v1/districts/"):
        assert world.client("anonymous").post(path, {}).status_code == 401
        assert world.client("city_admin").post(path, {}).status_code == 405
    delete = world.client("city_admin").delete(
        f"/api/v1/progress-reports/{world.hualong.draft.pk}/"
    )
    assert delete.status_code == 405


def test_unknown_api_paths_answer_json_404(api_client, db):
    response = api_client.get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]
