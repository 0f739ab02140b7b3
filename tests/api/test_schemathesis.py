"""Property-based API tests generated from the OpenAPI schema (schemathesis, pinned in
requirements-dev.txt) against a live server with the Puyang demo loaded.

The run passes only when no request gets a server error and every response agrees with the
schema: a documented status code, content type, headers and body. It runs twice: as the
public (no token) and as a city administrator's token, which reaches every write and
officials-only resource. Deselect with `-m "not schemathesis"` for a quick run.
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from core.roles import Role
from core.tokens import api_token_create
from tests.factories import OfficialFactory, UserFactory

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db(transaction=True)]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
# Examples per operation and phase; the coverage phase adds its own boundary cases.
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")


def schemathesis_cli():
    local = Path(sys.executable).with_name("st")
    return str(local) if local.exists() else shutil.which("st")


class NoDelayWSGIServer(ThreadedWSGIServer):
    """Django's test server without Nagle's algorithm on its sockets.

    It writes a response's headers and body separately; on a kept-alive connection the
    body then waits for the client's delayed ACK, 40 ms a request, which made the
    schemathesis run five times slower than the server's real speed.
    """

    def get_request(self):
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address


class NoDelayLiveServerThread(LiveServerThread):
    server_class = NoDelayWSGIServer


@pytest.fixture
def api_server(transactional_db):
    """A live server on 127.0.0.1 sharing the test database (as pytest-django's does)."""
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    thread = NoDelayLiveServerThread("127.0.0.1", _StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture
def demo_token(transactional_db):
    """The demo data and a city administrator's token (a fixed seed keeps runs repeatable)."""
    call_command("load_demo", verbosity=0)
    admin = OfficialFactory(role=Role.CITY_ADMIN, user=UserFactory(username="st-admin")).user
    return api_token_create(user=admin, name="schemathesis")[1]


@pytest.mark.parametrize("viewer", ["anonymous", "city_admin"])
def test_api_agrees_with_its_schema(api_server, demo_token, viewer, tmp_path):
    command = [
        schemathesis_cli(),
        "run",
        f"{api_server}/api/v1/schema/",
        "--checks",
        CHECKS,
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        "20220408",
        "--workers",
        "1",
        "--no-shrink",
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    if viewer == "city_admin":
        command += ["--header", f"Authorization: Token {demo_token}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
