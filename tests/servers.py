"""The application as production runs it, for tests that need separate processes: gunicorn
on 127.0.0.1 and the task worker, on the test database (PostgreSQL: a process of its own
sees only what is committed) and on the test run's cache (the database's, or Redis when
REDIS_URL is set); and a throwaway redis-server to stop, pause and start again."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from tests.postgres import database_url


def on_shared_database(reason):
    """The marks of a test module whose servers read what its tests commit: PostgreSQL only
    (an SQLite test database is one process's), transactional tests."""
    return [
        pytest.mark.skipif(connection.vendor != "postgresql", reason=reason),
        pytest.mark.django_db(transaction=True),
    ]


def run_worker(**overrides):
    """The task worker's run-once mode (`manage.py db_worker --batch`) against the test
    database: every task due now, then exit. A subprocess on PostgreSQL (the tests must be
    transactional); in this process on SQLite, whose test database lives in memory.
    `overrides`: the worker's settings, as environment variables of the same names (in this
    process, the settings themselves)."""
    if connection.vendor != "postgresql":
        with override_settings(**overrides):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0"
            )
        return
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        **{name: str(value) for name, value in overrides.items()},
    }
    done = subprocess.run(
        [
            *(sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"),
            *("--no-reload", "--verbosity", "0"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(base, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            urllib.request.urlopen(f"{base}/api/v1/", timeout=2)
            return True
        except urllib.error.HTTPError:
            return True  # it answers
        except OSError:
            time.sleep(0.2)
    return False


class Server(str):
    """A server's base URL, with the PID of its (master) process."""

    pid: int


@contextmanager
def gunicorn(log, *, workers=1, threads=1, env=None, access_log=None):
    """Serve the application with gunicorn until the block ends; yields its base URL (a
    Server: its `pid` is gunicorn's master).

    `log` collects the server's output (shown when it does not start); `access_log`, if
    given, gets one line per request: the answering worker's pid and the status.
    """
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions the tests sign are the server's
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **(env or {}),
    }
    logging = ["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s"]
    for _attempt in range(3):  # another process may take the free port first
        base = f"http://127.0.0.1:{free_port()}"
        with open(log, "ab") as output:
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *("--bind", base.removeprefix("http://")),
                    *("--workers", str(workers), "--threads", str(threads)),
                    *("--worker-class", "gthread", "--timeout", "60"),
                    *(logging if access_log else []),
                ],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if _answers(base, process):
            break
        process.terminate()
        process.wait(timeout=30)
    else:
        raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-4000:]}")
    server = Server(base)
    server.pid = process.pid
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def workers_of(server):
    """The PIDs of a gunicorn server's workers (the children of its master)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    """A throwaway redis-server on a free loopback port, without persistence: stopped,
    paused (SIGSTOP) and started again on the same port by the tests; only the process it
    started is ever signalled."""

    def __init__(self, log):
        self.log = log
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                [
                    REDIS_SERVER,
                    *("--bind", "127.0.0.1", "--port", str(self.port)),
                    *("--save", "", "--appendonly", "no", "--loglevel", "warning"),
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start:\n{self.log.read_text()[-2000:]}")

    def stop(self):
        if self.process is not None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)

    @property
    def running(self):
        return self.process is not None


@contextmanager
def redis_server(log):
    """A RedisServer, started, until the block ends."""
    if not os.path.exists(REDIS_SERVER):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(log)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Session:
    """Requests to a server started here, anonymous or as a logged-in user (session and
    CSRF cookies), usable from any thread."""

    def __init__(self, base, user=None):
        self.base = base
        self.headers = {"Accept-Language": "en"}
        if user is not None:
            client = Client()
            client.force_login(user)
            csrf = "c" * 32
            self.headers["Cookie"] = (
                f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
            )
            self.headers["X-CSRFToken"] = csrf

    def request(self, method, path, body=None):
        """The response's status and body (JSON decoded when it is JSON)."""
        request = urllib.request.Request(
            self.base + path,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={**self.headers, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, _decoded(response)
        except urllib.error.HTTPError as error:
            return error.code, _decoded(error)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None):
        return self.request("POST", path, body or {})


def _decoded(response):
    content = response.read()
    if response.headers.get_content_type() == "application/json":
        return json.loads(content or b"null")
    return content.decode()
