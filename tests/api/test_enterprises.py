"""The "万人助万企" campaign over the API: enterprises' private fields, officials-only records,
the public problem report and its tracking, and the ledger workflow."""

import pytest

from enterprises.choices import ProblemStatus
from enterprises.models import Problem
from tests.factories import (
    CadreFactory,
    EnterpriseFactory,
    ProblemFactory,
    credit_code,
)

PRIVATE = {"contact_person", "contact_phone", "phone", "submitter_name", "submitter_phone"}


def test_enterprise_detail_by_credit_code_hides_contacts_from_the_public(world):
    enterprise = world.hualong.enterprise
    public = world.client("anonymous").get(f"/api/v1/enterprises/{enterprise.credit_code}/")
    assert public.status_code == 200
    body = public.json()
    assert body["name"] == enterprise.name and body["district"] == "hualong"
    assert body["labels"] == [{"code": "specialised", "name": "专精特新"}]
    assert not PRIVATE & set(body)
    official = world.client("reporter").get(f"/api/v1/enterprises/{enterprise.credit_code}/")
    assert official.json()["contact_phone"] == "0393-1234567"
    assert official.json()["contact_person"] == "联系人华龙区"


def test_no_private_field_reaches_any_anonymous_response(world):
    client = world.client("anonymous")
    paths = [
        "/api/v1/enterprises/",
        "/api/v1/projects/hualong-pub/",
        "/api/v1/rounds/",
        f"/api/v1/problems/track/{world.hualong.problem.tracking_code}/",
    ]
    for path in paths:
        text = client.get(path).content.decode()
        for secret in ("0393-1234567", "13800000000", "13900000000", "联系人", "张三"):
            assert secret not in text, (path, secret)


def test_officials_only_resources_by_id(world):
    cadre = world.hualong.cadre
    assert world.client("anonymous").get(f"/api/v1/cadres/{cadre.pk}/").status_code == 401
    assert world.client("plain").get(f"/api/v1/cadres/{cadre.pk}/").status_code == 403
    assert world.client("other_reporter").get(f"/api/v1/cadres/{cadre.pk}/").status_code == 404
    own = world.client("reporter").get(f"/api/v1/cadres/{cadre.pk}/")
    assert own.status_code == 200 and own.json()["phone"] == "13900000000"
    assert world.client("reporter").get("/api/v1/cadres/not-a-number/").status_code == 404


def test_another_districts_cadre_is_unknown_to_a_reporter_as_a_filter(world):
    client = world.client("reporter")
    other = client.get("/api/v1/visits/", {"cadre": world.jingkai.cadre.pk})
    assert other.status_code == 400 and "cadre" in other.json()
    own = client.get("/api/v1/visits/", {"cadre": world.hualong.cadre.pk})
    assert [row["cadre"] for row in own.json()["results"]] == [world.hualong.cadre.pk]


FEEDBACK = {
    "district": "hualong",
    "title": "用工短缺",
    "description": "一线操作工缺口约50人，希望协助对接职业院校。",
    "category": "labour",
    "submitter_company": "濮阳市某化工有限公司",
    "submitter_name": "李四",
    "submitter_phone": "13700000000",
}


def test_anyone_may_report_a_problem_and_track_it(world):
    client = world.client("anonymous")
    response = client.post("/api/v1/problems/", FEEDBACK, format="json")
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert receipt["status"] == "raised"
    problem = Problem.objects.get(tracking_code=receipt["tracking_code"])
    assert problem.source == "feedback" and problem.district == world.hualong.district
    assert problem.submitter_phone == "13700000000"

    tracked = client.get(f"/api/v1/problems/track/{receipt['tracking_code'].lower()}/")
    assert tracked.status_code == 200
    body = tracked.json()
    assert body["status"] == "raised" and body["category"] == "labour"
    # On intake, the due dates of its category's working-day limits (1, 3, 15 by default).
    assert body["raised_on"] < body["response_due"] < body["stage_due"] < body["due"]
    assert body["due"] == body["due_date"] and body["overdue"] is False
    assert set(body) == {
        "tracking_code",
        "category",
        "category_label",
        "status",
        "status_label",
        "raised_on",
        "accepted_on",
        "response_due",
        "stage_due",
        "due",
        "due_date",
        "overdue",
        "resolved_on",
        "closed_on",
        "resolution",
        "rejection_reason",
        "handling_unit",
        "satisfaction",
        "outcome",
        "outcome_label",
        "outcome_note",
        "reopened",
        "duplicate_of",
    }


def test_a_known_credit_code_is_kept_as_a_claim_not_a_link(world):
    enterprise = world.jingkai.enterprise
    response = world.client("anonymous").post(
        "/api/v1/problems/",
        {**FEEDBACK, "submitter_credit_code": enterprise.credit_code.lower()},
        format="json",
    )
    assert response.status_code == 201
    problem = Problem.objects.get(tracking_code=response.json()["tracking_code"])
    # Filed where the submitter said (hualong), not in the enterprise's district, unlinked.
    assert problem.enterprise is None and problem.district == world.hualong.district
    assert problem.submitter_credit_code == enterprise.credit_code


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"district": "nowhere"}, "district"),
        ({"category": "weather"}, "category"),
        ({"title": ""}, "title"),
        ({"submitter_company": ""}, "submitter_company"),
        ({"submitter_credit_code": "91350100M000100Y44"}, "submitter_credit_code"),
        ({"title": "长" * 201}, "title"),
    ],
)
def test_bad_problem_reports_answer_400_with_the_field(world, fields, field):
    response = world.client("anonymous").post(
        "/api/v1/problems/", {**FEEDBACK, **fields}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_problem_reports_are_throttled(world, settings):
    client = world.client("anonymous")
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["feedback"].split("/")[0])
    statuses = [
        client.post("/api/v1/problems/", FEEDBACK, format="json").status_code
        for _ in range(limit + 1)
    ]
    assert statuses == [201] * limit + [429]
    assert Problem.objects.filter(source="feedback").count() == limit


def test_tracking_an_unknown_code_is_a_json_404(world):
    response = world.client("anonymous").get("/api/v1/problems/track/WQ-20220101-XXXXXX/")
    assert response.status_code == 404 and list(response.json()) == ["detail"]


def test_the_ledger_workflow_through_the_api(world):
    problem = world.hualong.problem
    base = f"/api/v1/problems/{problem.tracking_code}"
    reporter, reviewer = world.client("reporter"), world.client("reviewer")

    accepted = reporter.post(
        f"{base}/accept/",
        {"assignee": world.hualong.cadre.pk, "due_date": "2022-07-31"},
        format="json",
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["assignee"] == world.hualong.cadre.pk
    assert reporter.post(f"{base}/start/").json()["status"] == "in_progress"
    resolved = reporter.post(
        f"{base}/resolve/",
        {"resolution": "已协调银行贷款。", "outcome": "solved", "resolved_on": "2022-07-20"},
        format="json",
    )
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["resolved_on"] == "2022-07-20"
    # The enterprise rates the outcome itself, with the phone it gave; then the reviewer
    # closes (销号) the problem.
    assert reporter.post(f"{base}/close/").status_code == 403
    assert reviewer.post(f"{base}/close/").status_code == 400  # not rated yet
    rate = f"/api/v1/problems/track/{problem.tracking_code}/rate/"
    anonymous = world.client("anonymous")
    wrong = anonymous.post(rate, {"phone": "110", "satisfaction": "satisfied"}, format="json")
    assert wrong.status_code == 400 and "phone" in wrong.json()
    problem.refresh_from_db()
    rated = anonymous.post(
        rate,
        {"phone": problem.submitter_phone, "satisfaction": "basically_satisfied"},
        format="json",
    )
    assert rated.status_code == 200 and rated.json()["satisfaction"] == "basically_satisfied"
    closed = reviewer.post(f"{base}/close/")
    assert closed.json()["status"] == "closed"
    tracked = world.client("anonymous").get(f"/api/v1/problems/track/{problem.tracking_code}/")
    assert tracked.json()["resolution"] == "已协调银行贷款。"
    assert tracked.json()["status"] == "closed"


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("reject", {}, "reason"),
        ("reject", {"reason": " "}, "reason"),
        (
            "resolve",
            {"resolution": "done", "outcome": "solved"},
            "status",
        ),  # a raised problem is not accepted yet
        ("start", {}, "status"),
        ("close", {}, "status"),
        ("accept", {"due_date": "soon"}, "due_date"),
        ("accept", {"assignee": 10**9}, "assignee"),
    ],
)
def test_workflow_mistakes_answer_400_with_the_field(world, action, body, field):
    problem = world.hualong.problem
    response = world.client("reviewer").post(
        f"/api/v1/problems/{problem.tracking_code}/{action}/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("action", "body", "message"),
    [
        (
            "accept",
            {"due_date": "2022-05-01"},
            "The due date cannot be before the problem was raised.",
        ),
        (
            "resolve",
            {"resolution": "已解决", "outcome": "solved", "resolved_on": "1990-01-01"},
            "A problem cannot be resolved before it was raised.",
        ),
    ],
)
def test_dates_out_of_order_answer_400_with_a_clear_message(world, action, body, message):
    problem = world.hualong.problem  # raised on 2022-05-12
    if action == "resolve":
        problem.status = ProblemStatus.ACCEPTED
        problem.save()
    else:
        body = {**body, "assignee": world.hualong.cadre.pk}
    response = world.client("reporter").post(
        f"/api/v1/problems/{problem.tracking_code}/{action}/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": [message]}
    assert Problem.objects.get(pk=problem.pk).status == problem.status


def test_another_districts_cadre_cannot_be_assigned(world):
    response = world.client("reporter").post(
        f"/api/v1/problems/{world.hualong.problem.tracking_code}/accept/",
        {"assignee": world.jingkai.cadre.pk},
        format="json",
    )
    assert response.status_code == 400 and "assignee" in response.json()


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("anonymous", 401),
        ("plain", 403),
        ("other_reporter", 404),
        ("cadre", 200),  # the problem concerns the cadre's assigned enterprise
        ("city_admin", 200),
    ],
)
def test_who_may_accept_a_problem(world, viewer, status):
    response = world.client(viewer).post(
        f"/api/v1/problems/{world.hualong.problem.tracking_code}/accept/",
        {"assignee": world.hualong.cadre.pk},
        format="json",
    )
    assert response.status_code == status, response.content


def test_a_cadre_sees_only_problems_of_its_assignments(world):
    outsider = CadreFactory(district=world.hualong.district)
    foreign = ProblemFactory(
        district=world.hualong.district,
        enterprise=EnterpriseFactory(
            district=world.hualong.district, credit_code=credit_code(9999)
        ),
        assignee=outsider,
        status=ProblemStatus.ACCEPTED,
    )
    response = world.client("cadre").get(f"/api/v1/problems/{foreign.tracking_code}/")
    assert response.status_code == 404
