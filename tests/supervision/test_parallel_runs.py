"""Two task workers at once lock only their own deliveries: while one waits on a slow chat
robot, the other (the real worker, `manage.py db_worker`) still sends the official's other
reminders, and the official can still log in."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test import Client

from core.models import Channel, Delivery, DeliveryStatus
from core.notify import notify, send_delivery
from core.roles import Role
from tests.admin.helpers import make_official
from tests.factories import DEFAULT_PASSWORD, DistrictFactory
from tests.servers import on_shared_database, run_worker

pytestmark = on_shared_database("row locks are PostgreSQL's")


class SlowRobot(BaseHTTPRequestHandler):
    """A chat robot that holds the first message until `release` (at most 20 s) and answers
    the others at once."""

    held = threading.Event()
    release = threading.Event()

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        if not type(self).held.is_set():
            type(self).held.set()
            type(self).release.wait(20)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings):
    SlowRobot.held, SlowRobot.release = threading.Event(), threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowRobot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SlowRobot.url = f"http://127.0.0.1:{server.server_port}/robot/send"
    settings.NOTIFY_WEBHOOK_URL = SlowRobot.url
    settings.NOTIFY_WEBHOOK_TIMEOUT = 30
    yield SlowRobot
    SlowRobot.release.set()
    server.shutdown()


def test_a_worker_waiting_on_the_robot_holds_neither_the_other_worker_nor_the_login(robot):
    user = make_official(Role.REPORTER, DistrictFactory(), username="zhangwei")
    user.email = "zhangwei@example.gov.cn"
    user.save()
    for key in ("first", "second"):  # each by e-mail and by the robot, queued
        notify(key=key, recipient=user, kind="test", title=key)
    held = Delivery.objects.get(notification__key="first", channel=Channel.WEBHOOK)

    def first_worker():
        try:
            send_delivery.call(held.pk)  # waits on the robot with "first"
        finally:
            connection.close()

    waiting = threading.Thread(target=first_worker)
    waiting.start()
    try:
        assert robot.held.wait(20), "the first worker did not reach the robot"
        run_worker(NOTIFY_WEBHOOK_URL=robot.url)
        sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
        assert sorted(sent.values_list("notification__key", "channel")) == [
            ("first", "email"),
            ("second", "email"),
            ("second", "webhook"),
        ]
        login = Client().post(
            "/admin/login/", {"username": "zhangwei", "password": DEFAULT_PASSWORD}
        )
        assert login.status_code == 302
    finally:
        robot.release.set()
        waiting.join(30)
    assert not waiting.is_alive()
    held.refresh_from_db()
    assert (held.status, held.attempts) == (DeliveryStatus.SENT, 1)
