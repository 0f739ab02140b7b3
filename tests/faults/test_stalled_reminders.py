"""A chat robot that takes the connection and never answers (a stalled webhook receiver),
driven from outside: the city administrator's 催报 button on gunicorn answers at once, the
reminder in the inbox and its message queued (the button's wording: test_reminders.py); the
real worker (`manage.py db_worker`) then
waits the robot's timeout, records the failure, and the next `send_reminders` run queues it
again."""

import datetime
import io
import socket
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import Channel, Delivery, DeliveryStatus, Notification, ReportingPeriod
from core.roles import Role
from tests.admin.helpers import make_official
from tests.factories import AnnualPlanFactory, DistrictFactory, ProjectFactory
from tests.servers import Session, gunicorn, on_shared_database, run_worker

pytestmark = on_shared_database("gunicorn reads what the tests commit only on PostgreSQL")

TIMEOUT = 3  # the robot's, in seconds: the old button waited this long in the request


@pytest.fixture
def silent_robot():
    """A listening socket nobody reads: connections are accepted, requests never answered."""
    server = socket.create_server(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{server.getsockname()[1]}/robot/send"
    server.close()


@pytest.fixture
def app(silent_robot, tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
        "NOTIFY_WEBHOOK_URL": silent_robot,
        "NOTIFY_WEBHOOK_TIMEOUT": str(TIMEOUT),
    }
    with gunicorn(tmp_path / "server.log", env=env) as server:
        yield server


def test_the_button_answers_at_once_and_the_worker_records_the_timeout(app, silent_robot):
    today = timezone.localdate()
    unit = DistrictFactory(code="jingkai", name="开发区")
    project = ProjectFactory(district=unit, name="氢能产业园")
    AnnualPlanFactory(project=project, year=today.year)
    # Open, due in a month: too early for the command's own reminders.
    ReportingPeriod.objects.create(
        year=today.year, month=today.month, deadline=today + datetime.timedelta(days=30)
    )
    reporter = make_official(Role.REPORTER, unit, username="jk_reporter", email="")
    admin = Session(app, make_official(Role.CITY_ADMIN, username="city"))
    assert admin.get("/admin/")[0] == 200  # the worker warmed up

    started = time.monotonic()
    status, _page = admin.post("/admin/remind/jingkai/")  # the redirect to /admin/ followed
    elapsed = time.monotonic() - started
    assert status == 200 and elapsed < 1, elapsed
    [note] = Notification.objects.filter(recipient=reporter)  # in the inbox at once
    [delivery] = Delivery.objects.filter(notification=note)
    assert (delivery.channel, delivery.status, delivery.attempts) == (
        Channel.WEBHOOK,
        DeliveryStatus.PENDING,
        0,
    )

    worker = {"NOTIFY_WEBHOOK_URL": silent_robot, "NOTIFY_WEBHOOK_TIMEOUT": TIMEOUT}
    started = time.monotonic()
    run_worker(**worker)
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 10
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "timed out" in delivery.last_error

    out = io.StringIO()
    call_command("send_reminders", stdout=out)  # the next run queues it again
    assert "0 new reminders; 1 earlier deliveries queued again." in out.getvalue()
    run_worker(**worker)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert "timed out" in delivery.last_error
