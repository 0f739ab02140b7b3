"""Each webhook event is enqueued by what causes it, when its transaction commits: a report's
approval (report.approved, and project.changed for the project whose figures it changes), a
step of a problem's workflow (problem.status_changed)."""

import json

from enterprises.choices import ProblemStatus
from enterprises.services import PROBLEM_WORKFLOW
from projects.choices import ReportStatus
from projects.models import Project
from projects.services import report_approve
from sync.models import Event, WebhookDelivery, WebhookSubscription
from tests.admin.helpers import admin_url, client_for
from tests.factories import ProblemFactory, ProgressReportFactory


def test_each_event_is_enqueued_by_its_cause(world, django_capture_on_commit_callbacks):
    hook_url = "http://127.0.0.1:9/unused"
    WebhookSubscription.objects.create(name="all", url=hook_url, events=[e.value for e in Event])
    report = ProgressReportFactory(
        project=world.hualong.project, year=2022, month=7, status=ReportStatus.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=report, reviewer=world.users["reviewer"])
    events = dict(WebhookDelivery.objects.values_list("event", "body"))
    assert json.loads(events["report.approved"])["data"]["id"] == report.pk
    assert json.loads(events["project.changed"])["data"] == {
        "code": world.hualong.project.code,
        "action": "upsert",
    }
    WebhookDelivery.objects.all().delete()
    problem = ProblemFactory(district=world.hualong.district, status=ProblemStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        PROBLEM_WORKFLOW.run("start", problem, user=world.users["city_admin"])
    [body] = WebhookDelivery.objects.filter(event="problem.status_changed").values_list(
        "body", flat=True
    )
    data = json.loads(body)["data"]
    assert (data["tracking_code"], data["step"], data["status"]) == (
        problem.tracking_code,
        "start",
        "in_progress",
    )


def test_city_administrators_manage_subscriptions(world):
    admin = client_for(world.users["city_admin"])
    response = admin.post(
        admin_url(WebhookSubscription, "add"),
        {
            "name": "省投资项目平台",
            "url": "https://example.org/hooks/tracker",
            "secret": "s" * 40,
            "events": ["report.approved", "period.published"],
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["report.approved", "period.published"]
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="report.approved", body="{}"
    )
    assert admin.get(admin_url(WebhookDelivery, "change", delivery.pk)).status_code == 200
    reporter = client_for(world.users["reporter"])
    assert reporter.get(admin_url(WebhookSubscription)).status_code == 403
    assert reporter.get(admin_url(WebhookDelivery)).status_code == 403


def test_a_bulk_write_is_one_callback(world, django_capture_on_commit_callbacks):
    """A bulk update of many projects: one commit callback, one read of the subscriptions,
    a project.changed delivery per project."""
    WebhookSubscription.objects.create(
        name="p", url="http://127.0.0.1:9/unused", events=[Event.PROJECT_CHANGED]
    )
    projects = Project.objects.filter(district=world.hualong.district)
    count = projects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        projects.update(leader="新负责人")
    webhook_callbacks = [c for c in callbacks if "enqueue" in c.__code__.co_names]
    assert len(webhook_callbacks) == 1
    bodies = WebhookDelivery.objects.filter(event="project.changed").values_list("body", flat=True)
    assert sorted(json.loads(body)["data"]["code"] for body in bodies) == sorted(
        projects.values_list("code", flat=True)
    )
    assert len(bodies) == count >= 2
