"""The monthly report in the admin: draft → submitted → approved or returned (with a reason),
by buttons on the report page and by actions on the list, each step recording who and when."""

from decimal import Decimal

import pytest

from core.models import PeriodStatus, ReportingPeriod
from core.period import Period
from projects.choices import ReportStatus
from projects.models import ProgressReport
from projects.progress import project_progress
from tests.factories import AnnualPlanFactory, ProgressReportFactory
from tests.races import lose_the_race_once

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db


def report_form(project, year=2022, month=5, amount="1200.50", **changes):
    data = {
        "project": project.pk,
        "year": year,
        "month": month,
        "completed_investment": amount,
        "narrative": "主体结构封顶",
        "problems_met": "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def transition_url(report, name):
    return admin_url(ProgressReport, "transition", report.pk, name)


def test_reporter_creates_a_draft_report(world, planned):
    response = client_for(world.reporter).post(
        admin_url(ProgressReport, "add"), report_form(world.project)
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.status, report.created_by) == (ReportStatus.DRAFT, world.reporter)
    assert report.completed_investment == Decimal("1200.50")


def test_second_report_for_the_same_month_is_a_form_error(world):
    ProgressReportFactory(project=world.project, year=2022, month=5)
    response = client_for(world.reporter).post(
        admin_url(ProgressReport, "add"), report_form(world.project)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert ProgressReport.objects.count() == 1


def test_a_lost_race_for_the_same_month_is_a_form_error(world, monkeypatch):
    AnnualPlanFactory(project=world.project, year=2022)
    ProgressReportFactory(project=world.project, year=2022, month=5)
    lose_the_race_once(monkeypatch, ProgressReport)
    response = client_for(world.reporter).post(
        admin_url(ProgressReport, "add"), report_form(world.project)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This project already has a report for this month."
    ]
    assert ProgressReport.objects.count() == 1


def test_bad_amount_is_a_form_error(world):
    response = client_for(world.reporter).post(
        admin_url(ProgressReport, "add"), report_form(world.project, amount="-5")
    )
    assert response.status_code == 200
    assert "completed_investment" in response.context["adminform"].form.errors
    assert not ProgressReport.objects.exists()


def test_submit_then_approve_by_buttons_counts_in_the_statistics(world):
    AnnualPlanFactory(project=world.project, year=2022, planned_investment=Decimal("10000"))
    report = ProgressReportFactory(
        project=world.project, year=2022, month=6, completed_investment=Decimal("2500")
    )
    reporter, reviewer = client_for(world.reporter), client_for(world.reviewer)

    page = reporter.get(admin_url(ProgressReport, "change", report.pk))
    assert [b["name"] for b in page.context["workflow_buttons"]] == ["submit"]
    assert reporter.get(transition_url(report, "submit")).status_code == 200  # confirm page
    assert reporter.post(transition_url(report, "submit")).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, world.reporter)
    assert report.submitted_at is not None

    before = project_progress(world.project, period=Period(2022, 6))["completed_investment"]
    page = reviewer.get(admin_url(ProgressReport, "change", report.pk))
    assert [b["name"] for b in page.context["workflow_buttons"]] == ["approve", "return"]
    reviewer.post(transition_url(report, "approve"))
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.APPROVED, world.reviewer)
    after = project_progress(world.project, period=Period(2022, 6))
    assert (before, after["completed_investment"]) == (Decimal("0.00"), Decimal("2500.00"))
    assert after["completion_rate"] == Decimal("25.0")


def test_reporter_may_not_approve(world):
    report = ProgressReportFactory(project=world.project, submitted=True)
    client = client_for(world.reporter)
    assert client.post(transition_url(report, "approve")).status_code == 403
    actions = client.get(admin_url(ProgressReport)).context["action_form"].fields["action"]
    assert "transition_approve" not in dict(actions.choices)
    client.post(
        admin_url(ProgressReport),
        {"action": "transition_approve", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_return_needs_a_reason(world):
    report = ProgressReportFactory(project=world.project, submitted=True)
    client = client_for(world.reviewer)
    response = client.post(transition_url(report, "return"), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.post(transition_url(report, "return"), {"reason": "附件缺失，请补充。"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "附件缺失，请补充。")


def test_return_action_asks_for_the_reason_then_returns_every_selected_report(world):
    from projects.models import Project

    second_project = Project.objects.create(
        code="hl-002",
        name="第二个项目",
        district=world.hualong,
        level="city",
        category="industrial",
        nature="new",
    )
    reports = [
        ProgressReportFactory(project=world.project, submitted=True),
        ProgressReportFactory(project=second_project, submitted=True),
    ]
    selected = [r.pk for r in reports]
    client = client_for(world.reviewer)
    step = client.post(
        admin_url(ProgressReport), {"action": "transition_return", "_selected_action": selected}
    )
    assert step.status_code == 200 and "reason" in step.context["form"].fields
    assert {r.status for r in ProgressReport.objects.all()} == {ReportStatus.SUBMITTED}

    client.post(
        admin_url(ProgressReport),
        {
            "action": "transition_return",
            "_selected_action": selected,
            "apply": "yes",
            "reason": "数据与台账不符",
        },
    )
    assert set(ProgressReport.objects.values_list("status", "return_reason")) == {
        (ReportStatus.RETURNED, "数据与台账不符")
    }


def test_approved_report_is_read_only_for_its_reporter(world):
    report = ProgressReportFactory(project=world.project, approved=True)
    client = client_for(world.reporter)
    page = client.get(admin_url(ProgressReport, "change", report.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert page.context["workflow_buttons"] == []
    response = client.post(
        admin_url(ProgressReport, "change", report.pk),
        report_form(world.project, year=report.year, month=report.month, amount="99999"),
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.completed_investment == Decimal("1000.00")
    assert (
        client.post(admin_url(ProgressReport, "delete", report.pk), {"post": "yes"}).status_code
        == 403
    )


def test_submitting_an_approved_report_again_is_refused_with_a_message(world):
    report = ProgressReportFactory(project=world.project, approved=True)
    response = client_for(world.reporter).post(
        admin_url(ProgressReport),
        {"action": "transition_submit", "_selected_action": [report.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("“Draft” or “Returned”; this one is “Approved”" in m for m in messages), messages
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_returned_report_can_be_corrected_and_resubmitted(world, planned):
    report = ProgressReportFactory(project=world.project, returned=True, year=2022, month=3)
    client = client_for(world.reporter)
    response = client.post(
        admin_url(ProgressReport, "change", report.pk),
        report_form(world.project, year=2022, month=3, amount="1500"),
    )
    assert response.status_code == 302
    client.post(transition_url(report, "submit"))
    report.refresh_from_db()
    assert (report.status, report.completed_investment) == (ReportStatus.SUBMITTED, Decimal("1500"))


def test_report_history_records_each_step(world, planned):
    report = ProgressReportFactory(project=world.project)
    client_for(world.reporter).post(transition_url(report, "submit"))
    client_for(world.reviewer).post(transition_url(report, "approve"))
    statuses = list(report.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    page = client_for(world.reporter).get(admin_url(ProgressReport, "history", report.pk))
    assert page.status_code == 200


def test_the_admin_refuses_a_month_outside_the_open_period(world, planned):
    for month in (3, 4):
        ReportingPeriod.objects.create(year=2022, month=month, status=PeriodStatus.CLOSED)
    ReportingPeriod.objects.create(year=2022, month=5)
    closed = client_for(world.reporter).post(
        admin_url(ProgressReport, "add"), report_form(world.project, month=4)
    )
    assert closed.status_code == 200
    assert "closed" in str(closed.context["adminform"].form.errors["month"])
    opened = client_for(world.reporter).post(
        admin_url(ProgressReport, "add"), report_form(world.project, month=5)
    )
    assert opened.status_code == 302
    late = client_for(world.city_admin).post(
        admin_url(ProgressReport, "add"), report_form(world.project, month=4)
    )
    assert late.status_code == 302
    assert ProgressReport.objects.get(month=4).is_late
