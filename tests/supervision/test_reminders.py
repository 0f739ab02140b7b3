"""`manage.py send_reminders`: 催报 before and after a deadline, 督办 of overdue problems,
milestones and approvals past due — each reminder once, however often it runs, in the inbox,
by e-mail (locmem) and to a chat webhook (a receiver on 127.0.0.1), sent by the worker's
task (`worker`).

The module's data is one transaction, which a worker process would not see: `worker` runs
the worker's task function in this process, as each delivery is queued at commit (django-
tasks' immediate backend instead of the queue's table). The real worker against a stalled
robot: tests/faults/test_stalled_reminders.py."""

import datetime
import functools
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import Channel, Delivery, DeliveryStatus, Notification, ReportingPeriod
from core.notify import queue_unsent
from projects.choices import ReportStatus
from tests.admin.helpers import client_for, make_official
from tests.factories import (
    AnnualPlanFactory,
    ApprovalItemFactory,
    MilestoneFactory,
    ProblemFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def run():
    out = io.StringIO()
    call_command("send_reminders", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def worker(settings, django_capture_on_commit_callbacks):
    """`with worker(): …`: what commits in the block has its deliveries sent as the block
    ends, each by the task the worker runs (`core.notify.send_delivery`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


def titles(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


@pytest.fixture
def cycle(world, settings):
    """The month before this one open, both districts' projects on its year list; Hualong's
    project filed (submitted), Jingkai's not."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFY_WEBHOOK_URL = ""
    last = TODAY.replace(day=1) - datetime.timedelta(days=1)
    for project in (world.project, world.other_project):
        AnnualPlanFactory(project=project, year=last.year)
    ProgressReportFactory(
        project=world.project, year=last.year, month=last.month, status=ReportStatus.SUBMITTED
    )
    world.other_reviewer = make_official("reviewer", world.jingkai, username="other_reviewer")
    return ReportingPeriod.objects.create(year=last.year, month=last.month)


def test_before_the_deadline_reporters_get_the_projects_not_filed_once(world, cycle, settings):
    settings.REMIND_DAYS_BEFORE_DEADLINE = 3
    cycle.deadline = days(2)
    cycle.save()
    assert "new reminders" in run()
    [note] = Notification.objects.filter(recipient=world.other_reporter)
    assert note.kind == "filing_due" and world.other_project.name in note.body
    assert note.url.startswith("/admin/workbench/")
    assert not Notification.objects.filter(recipient=world.reporter).exists()  # all filed
    assert not Notification.objects.filter(recipient=world.other_reviewer).exists()
    run()
    assert Notification.objects.filter(recipient=world.other_reporter).count() == 1


def test_too_early_for_a_reminder(world, cycle, settings):
    settings.REMIND_DAYS_BEFORE_DEADLINE = 3
    cycle.deadline = days(4)
    cycle.save()
    run()
    assert not Notification.objects.exists()


def test_after_the_deadline_the_reviewer_and_the_city_are_told(world, cycle):
    cycle.deadline = days(-1)
    cycle.save()
    run()
    run()
    [note] = Notification.objects.filter(recipient=world.other_reviewer)
    assert note.kind == "filing_overdue" and world.other_project.name in note.body
    [summary] = Notification.objects.filter(recipient=world.city_admin)
    assert "开发区 1" in summary.body
    assert not Notification.objects.filter(recipient=world.reviewer).exists()
    assert not Notification.objects.filter(recipient=world.other_reporter).exists()


@pytest.mark.parametrize(
    ("overdue_days", "told"),
    [
        (1, {"cadre_user"}),
        (3, {"cadre_user", "reviewer"}),
        (7, {"cadre_user", "reviewer", "city_admin"}),
    ],
)
def test_an_overdue_problem_escalates(world, cycle, settings, overdue_days, told):
    settings.ESCALATE_TO_REVIEWER_DAYS, settings.ESCALATE_TO_CITY_DAYS = 3, 7
    ProblemFactory(
        district=world.hualong, accepted=True, assignee=world.cadre, due_date=days(-overdue_days)
    )
    run()
    run()
    recipients = {
        name
        for name in ("cadre_user", "reviewer", "city_admin", "reporter")
        if Notification.objects.filter(
            recipient=getattr(world, name), kind__startswith="problem"
        ).exists()
    }
    assert recipients == told
    assert Notification.objects.filter(kind__startswith="problem").count() == len(told)


def test_a_new_due_date_is_a_new_reminder(world, cycle):
    problem = ProblemFactory(
        district=world.hualong, accepted=True, assignee=world.cadre, due_date=days(-1)
    )
    run()
    problem.due_date = days(-2)  # extended, and missed again
    problem.save()
    run()
    assert Notification.objects.filter(recipient=world.cadre_user).count() == 2


def test_milestones_and_approvals_past_due_go_to_the_district(world, cycle):
    MilestoneFactory(
        project=world.project, planned_date=days(-10), actual_date=None, name="主体完工"
    )
    ApprovalItemFactory(
        project=world.project,
        applied_on=days(-60),
        approved_on=None,
        actual_days=None,
        legal_days=20,
        promised_days=10,
        name="施工许可",
    )
    ApprovalItemFactory(
        project=world.project,
        applied_on=days(-1),
        approved_on=None,
        actual_days=None,
        legal_days=20,
        promised_days=10,
        name="环评",
    )
    run()
    run()
    for user in (world.reporter, world.reviewer):
        kinds = sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))
        assert kinds == ["approval_overdue", "milestone_overdue"], titles(user)
    assert not Notification.objects.filter(recipient=world.other_reporter).exists()


def test_each_reminder_is_mailed_once(world, cycle, worker):
    world.other_reviewer.email = "jk-reviewer@example.gov.cn"
    world.other_reviewer.save()
    cycle.deadline = days(-1)
    cycle.save()
    for _ in range(2):
        with worker():
            run()
    assert len(mail.outbox) == Notification.objects.exclude(recipient__email="").count() == 2
    [message] = [m for m in mail.outbox if m.to == ["jk-reviewer@example.gov.cn"]]
    assert world.other_project.name in message.body


class Receiver(BaseHTTPRequestHandler):
    """A chat robot's webhook: records each JSON body; answers `status` (and errcode)."""

    received = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).status == 200:
            type(self).received.append(json.loads(body))
            answer = b'{"errcode": 0, "errmsg": "ok"}'
        else:
            answer = b'{"errcode": 310000, "errmsg": "busy"}'
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook(settings):
    Receiver.received, Receiver.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/robot/send?token=t"
    yield Receiver
    server.shutdown()
    server.server_close()


def by_webhook():
    return Delivery.objects.filter(channel=Channel.WEBHOOK)


def test_the_webhook_gets_each_reminder_once_as_a_text_message(world, cycle, webhook, worker):
    cycle.deadline = days(-1)
    cycle.save()
    for _ in range(2):
        with worker():
            run()
    assert len(webhook.received) == Notification.objects.count() == 2  # reviewer, city admin
    for body in webhook.received:
        assert body["msgtype"] == "text" and body["text"]["content"].startswith("【")
    assert any(world.other_project.name in b["text"]["content"] for b in webhook.received)


def test_a_failed_delivery_is_recorded_and_retried_not_lost(world, cycle, webhook, worker):
    cycle.deadline = days(-1)
    cycle.save()
    webhook.status = 500
    with worker():
        assert "2 new reminders; 0 earlier deliveries queued again." in run()
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED)
    assert failed.count() == 2 and all(d.attempts == 1 and d.last_error for d in failed)
    assert webhook.received == []
    webhook.status = 200
    with worker():
        assert "0 new reminders; 2 earlier deliveries queued again." in run()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert [d.attempts for d in by_webhook()] == [2, 2]
    assert len(webhook.received) == 2
    with worker():
        assert "0 new reminders; 0 earlier deliveries queued again." in run()
    assert len(webhook.received) == 2


def test_a_delivery_queued_twice_is_tried_once(world, cycle, webhook, worker):
    """Two runs overlapping before the worker takes their tasks (or a run while the worker
    is down) queue the same failed delivery twice: the worker tries it once per run."""
    cycle.deadline = days(-1)
    cycle.save()
    webhook.status = 500
    with worker():
        run()  # each delivery queued at its commit …
        queue_unsent()  # … and again, by a run overlapping it
    assert [d.attempts for d in by_webhook()] == [1, 1]
    with worker():
        run()
        run()
    assert [d.attempts for d in by_webhook()] == [2, 2]


# --- 催报 by hand: the city administrator's button sends the command's reminder now --------


def test_the_city_table_button_sends_the_commands_reminder_now_once_a_day(
    world, cycle, settings, worker
):
    settings.REMIND_DAYS_BEFORE_DEADLINE = 3
    world.other_reporter.email = "jk-reporter@example.gov.cn"
    world.other_reporter.save()
    cycle.deadline = days(10)  # too early for the command: the button does not wait
    cycle.save()
    client = client_for(world.city_admin)
    home = client.get("/admin/").content.decode()
    # Only the unit with a project not filed (开发区) has the button.
    assert 'action="/admin/remind/jingkai/"' in home
    assert 'action="/admin/remind/hualong/"' not in home
    with worker():
        response = client.post("/admin/remind/jingkai/", follow=True)
        # Answered with the reminder in the inbox and its e-mail queued, not sent.
        page = response.content.decode()
        assert "Reminder in the inbox of 1 official of 开发区 (1 not filed)." in page
        assert "1 e-mail or chat message queued: the worker sends it shortly." in page
        [note] = Notification.objects.filter(recipient=world.other_reporter)
        assert (note.kind, note.unit) == ("filing_due", "开发区")
        assert world.other_project.name in note.body
        assert mail.outbox == []
    [message] = mail.outbox  # the worker's
    assert message.to == ["jk-reporter@example.gov.cn"] and message.subject == note.title
    # The command words it the same (days later, within its window): same title and body.
    cycle.deadline = days(2)
    cycle.save()
    run()
    by_command = Notification.objects.exclude(pk=note.pk).get(recipient=world.other_reporter)
    assert (by_command.kind, by_command.unit, by_command.body, by_command.url) == (
        note.kind,
        note.unit,
        note.body,
        note.url,
    )
    # A second press the same day records nothing new.
    response = client.post("/admin/remind/jingkai/", follow=True)
    assert "开发区 was already reminded today." in response.content.decode()
    assert Notification.objects.filter(recipient=world.other_reporter).count() == 2


def test_only_a_city_administrator_presses_the_button(world, cycle):
    assert client_for(world.reviewer).post("/admin/remind/jingkai/").status_code == 403
    assert client_for(world.city_admin).get("/admin/remind/jingkai/").status_code == 405
    assert not Notification.objects.exists()


def test_a_returned_report_reaches_its_reporter_inbox(world, cycle):
    from projects.services import report_return

    report = ProgressReportFactory(
        project=world.other_project,
        year=cycle.year,
        month=cycle.month,
        status=ReportStatus.SUBMITTED,
        submitted_by=world.other_reporter,
    )
    report_return(report=report, reviewer=world.other_reviewer, reason="缺现场照片")
    [note] = Notification.objects.filter(recipient=world.other_reporter)
    assert (note.kind, note.unit, note.body) == ("report_returned", "开发区", "缺现场照片")
    assert note.url.endswith(f"#p{world.other_project.pk}")
