"""Monthly reports pushed over the API with a token: a reporter drafts and submits its
district's reports, a reviewer approves or returns them, nobody else writes."""

import pytest

from projects.choices import ReportStatus
from projects.models import ProgressReport
from tests.factories import ProgressReportFactory
from tests.races import lose_the_race_once

URL = "/api/v1/progress-reports/"


def new_report(project="hualong-pub", **fields):
    return {
        "project": project,
        "year": 2022,
        "month": 5,
        "completed_investment": "1234.50",
        "narrative": "厂房主体封顶。",
        **fields,
    }


def test_reporter_creates_a_draft_of_its_district(world):
    response = world.client("reporter").post(URL, new_report(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["district"] == "hualong"
    assert body["completed_investment"] == "1234.50"
    report = ProgressReport.objects.get(pk=body["id"])
    assert report.created_by == world.users["reporter"]
    assert report.status == ReportStatus.DRAFT


def test_status_cannot_be_written_directly(world):
    response = world.client("reporter").post(URL, new_report(status="approved"), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize(
    ("viewer", "project", "status", "field"),
    [
        ("anonymous", "hualong-pub", 401, None),
        ("plain", "hualong-pub", 400, "project"),  # reads the published project, files for none
        ("plain", "hualong-hidden", 400, "project"),
        ("other_reporter", "hualong-pub", 400, "project"),  # another district's project
        ("reporter", "jingkai-pub", 400, "project"),
        ("cadre", "hualong-pub", 403, None),  # sees the project, may not report on it
        ("reporter", "hualong-hidden", 201, None),  # unpublished, but its own district's
        ("reviewer", "hualong-pub", 403, None),  # reviewers do not write reporters' figures
        ("city_admin", "jingkai-hidden", 201, None),
    ],
)
def test_who_may_create_a_report_for_which_project(world, viewer, project, status, field):
    response = world.client(viewer).post(URL, new_report(project), format="json")
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"month": 13}, "month"),
        ({"month": "May"}, "month"),
        ({"year": 1999}, "year"),
        ({"completed_investment": "-1.00"}, "completed_investment"),
        ({"completed_investment": "12.345"}, "completed_investment"),
        ({"completed_investment": "lots"}, "completed_investment"),
        ({"completed_investment": "1" * 16}, "completed_investment"),
        ({"project": "no-such-project"}, "project"),
        ({"project": None}, "project"),
    ],
)
def test_bad_report_values_answer_400_with_the_field(world, fields, field):
    response = world.client("reporter").post(URL, new_report(**fields), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_missing_fields_and_unreadable_bodies_are_400(world):
    client = world.client("reporter")
    missing = client.post(URL, {}, format="json")
    assert missing.status_code == 400
    assert {"project", "year", "month"} <= set(missing.json())
    garbled = client.post(URL, "{not json", content_type="application/json")
    assert garbled.status_code == 400 and "detail" in garbled.json()
    a_list = client.post(URL, [1, 2], format="json")
    assert a_list.status_code == 400 and "non_field_errors" in a_list.json()


def test_a_second_report_for_the_same_month_is_refused_with_the_models_message(world):
    client = world.client("reporter")
    response = client.post(URL, new_report(month=2), format="json")  # the draft's month
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This project already has a report for this month."]
    }
    assert ProgressReport.objects.filter(project=world.hualong.project, month=2).count() == 1


def test_a_lost_race_for_the_same_month_is_a_400_with_the_models_message(world, monkeypatch):
    lose_the_race_once(monkeypatch, ProgressReport)
    response = world.client("reporter").post(URL, new_report(month=2), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This project already has a report for this month."]
    }
    assert ProgressReport.objects.filter(project=world.hualong.project, month=2).count() == 1


def test_reporter_updates_its_draft_and_returned_reports(world):
    client = world.client("reporter")
    draft = world.hualong.draft
    response = client.patch(f"{URL}{draft.pk}/", {"completed_investment": "99.00"}, format="json")
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert str(draft.completed_investment) == "99.00"
    returned = ProgressReportFactory(project=world.hualong.project, month=7, returned=True)
    full = client.put(f"{URL}{returned.pk}/", new_report(month=7), format="json")
    assert full.status_code == 200
    assert full.json()["status"] == "returned"


@pytest.mark.parametrize(
    ("viewer", "report", "status"),
    [
        ("reporter", "approved", 403),  # approved reports are locked
        ("reporter", "jingkai_draft", 404),  # another district's: not even visible
        ("cadre", "draft", 403),
        ("anonymous", "draft", 401),
        ("city_admin", "approved", 403),  # published: read-only to everyone
    ],
)
def test_who_may_change_which_report(world, viewer, report, status):
    target = {
        "approved": world.hualong.approved,
        "draft": world.hualong.draft,
        "jingkai_draft": world.jingkai.draft,
    }[report]
    response = world.client(viewer).patch(
        f"{URL}{target.pk}/", {"narrative": "改写"}, format="json"
    )
    assert response.status_code == status, response.content


def test_reporter_cannot_move_its_draft_to_another_districts_project(world):
    response = world.client("reporter").patch(
        f"{URL}{world.hualong.draft.pk}/", {"project": "jingkai-pub"}, format="json"
    )
    assert response.status_code == 400 and "project" in response.json()


def test_submit_then_approve(world):
    draft = world.hualong.draft
    submitted = world.client("reporter").post(f"{URL}{draft.pk}/submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"]
    # The reporter cannot approve its own district's report; its reviewer can.
    assert world.client("reporter").post(f"{URL}{draft.pk}/approve/").status_code == 403
    approved = world.client("reviewer").post(f"{URL}{draft.pk}/approve/")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    draft.refresh_from_db()
    assert draft.reviewed_by == world.users["reviewer"]
    again = world.client("reviewer").post(f"{URL}{draft.pk}/approve/")
    assert again.status_code == 400
    assert list(again.json()) == ["status"]


def test_approved_reports_count_in_the_statistics(world):
    before = world.client("city_admin").get("/api/v1/stats/districts/", {"year": 2022}).json()
    draft = world.hualong.draft
    world.client("reporter").post(f"{URL}{draft.pk}/submit/")
    world.client("reviewer").post(f"{URL}{draft.pk}/approve/")
    after = world.client("city_admin").get("/api/v1/stats/districts/", {"year": 2022}).json()
    assert before["city"]["completed_investment"] == "7000.00"
    assert after["city"]["completed_investment"] == "8000.00"


def test_return_needs_a_reason(world, submitted):
    client = world.client("reviewer")
    no_reason = client.post(f"{URL}{submitted.pk}/return/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    blank = client.post(f"{URL}{submitted.pk}/return/", {"reason": "   "}, format="json")
    assert blank.status_code == 400
    returned = client.post(
        f"{URL}{submitted.pk}/return/", {"reason": "数据与附件不符"}, format="json"
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "数据与附件不符"


@pytest.mark.parametrize(
    ("viewer", "action", "status"),
    [
        ("anonymous", "approve", 401),
        ("plain", "approve", 404),
        ("other_reporter", "approve", 404),
        ("cadre", "approve", 403),
        ("reporter", "submit", 400),  # already submitted
        ("reviewer", "submit", 403),  # reviewers do not submit reporters' figures
        ("city_admin", "approve", 200),
    ],
)
def test_workflow_permission_matrix(world, submitted, viewer, action, status):
    response = world.client(viewer).post(f"{URL}{submitted.pk}/{action}/")
    assert response.status_code == status, response.content


def test_four_eyes_whoever_last_edited_a_report_cannot_approve_it(world, submitted):
    admin = world.client("city_admin")
    edited = admin.patch(f"{URL}{submitted.pk}/", {"completed_investment": "900.00"}, format="json")
    assert edited.status_code == 200, edited.content
    refused = admin.post(f"{URL}{submitted.pk}/approve/")
    assert refused.status_code == 403
    assert "last edited" in refused.json()["detail"]
    submitted.refresh_from_db()
    assert (submitted.status, submitted.edited_by) == (
        ReportStatus.SUBMITTED,
        world.users["city_admin"],
    )
    assert world.client("reviewer").post(f"{URL}{submitted.pk}/approve/").status_code == 200


def test_four_eyes_whoever_submitted_a_report_cannot_approve_it(world):
    admin = world.client("city_admin")
    created = admin.post(URL, new_report(month=9), format="json")
    report_id = created.json()["id"]
    assert admin.post(f"{URL}{report_id}/submit/").status_code == 200
    assert admin.post(f"{URL}{report_id}/approve/").status_code == 403
    report = ProgressReport.objects.get(pk=report_id)
    assert report.status == ReportStatus.SUBMITTED
    assert report.created_by == report.edited_by == report.submitted_by == world.users["city_admin"]


def test_reviewers_do_not_edit_or_submit_reporters_figures(world):
    draft, reviewer = world.hualong.draft, world.client("reviewer")
    edit = reviewer.patch(f"{URL}{draft.pk}/", {"completed_investment": "1.00"}, format="json")
    assert edit.status_code == 403
    assert reviewer.post(f"{URL}{draft.pk}/submit/").status_code == 403
    draft.refresh_from_db()
    assert (draft.status, str(draft.completed_investment)) == (ReportStatus.DRAFT, "1000.00")


def test_the_reporters_edit_is_recorded(world):
    draft = world.hualong.draft
    world.client("reporter").patch(f"{URL}{draft.pk}/", {"narrative": "更新"}, format="json")
    draft.refresh_from_db()
    assert draft.edited_by == world.users["reporter"]
