"""Two `send_reminders` runs at once (a timer's run overlapping one started by hand) lock
only their own deliveries: while one waits on a slow chat robot, the other still sends the
official's other reminders, and the official can still log in."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from core.notify import notify
from core.roles import Role
from tests.admin.helpers import make_official
from tests.factories import DEFAULT_PASSWORD, DistrictFactory
from tests.servers import on_shared_database

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
    settings.NOTIFY_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/robot/send"
    settings.NOTIFY_WEBHOOK_TIMEOUT = 30
    yield SlowRobot
    SlowRobot.release.set()
    server.shutdown()


def run():
    out = io.StringIO()
    call_command("send_reminders", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_run_waiting_on_the_robot_holds_neither_the_other_run_nor_the_login(robot):
    user = make_official(Role.REPORTER, DistrictFactory(), username="zhangwei")
    for key in ("first", "second"):  # each by e-mail, then by the robot
        notify(key=key, recipient=user, kind="test", title=key)

    def first_run():
        try:
            run()  # mails "first", then waits on the robot with its message
        finally:
            connection.close()

    waiting = threading.Thread(target=first_run)
    waiting.start()
    try:
        assert robot.held.wait(20), "the first run did not reach the robot"
        assert "deliveries: 2 sent, 0 failed" in run()  # "second", by e-mail and robot
        assert [m.subject for m in mail.outbox] == ["first", "second"]
        login = Client().post(
            "/admin/login/", {"username": "zhangwei", "password": DEFAULT_PASSWORD}
        )
        assert login.status_code == 302
    finally:
        robot.release.set()
        waiting.join(30)
    assert not waiting.is_alive()
