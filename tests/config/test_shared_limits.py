"""Rate limits shared by every worker: the cache is the database (default) or Redis
(REDIS_URL; CI runs this module a second time with a redis-server of its own), never a
per-process memory, so two gunicorn workers hold one feedback budget between them."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection

from tests.factories import DistrictFactory
from tests.postgres import database_url

RATE = 4  # feedback per hour in the gunicorn run: small, so the loop stays short
FEEDBACK = (
    b'{"district": "hualong", "title": "\\u7528\\u5de5", "description": "\\u7f3a\\u5de5",'
    b' "category": "labour", "submitter_company": "Co", "submitter_name": "Li",'
    b' "submitter_phone": "13700000000"}'
)


def test_the_cache_is_the_store_every_worker_shares():
    if os.environ.get("REDIS_URL"):
        assert isinstance(caches["default"], RedisCache)
    else:
        assert isinstance(caches["default"], DatabaseCache)


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_table():
    """`migrate` (post_migrate) creates the database cache's table: the README's setup is
    enough, with no separate createcachetable step."""
    if not isinstance(caches["default"], DatabaseCache):
        pytest.skip("the cache is Redis in this run")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")
    call_command("migrate", verbosity=0)
    cache.set("probe", "shared", 60)
    assert cache.get("probe") == "shared"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn with two workers on 127.0.0.1, on the test database; its access log names
    the worker (pid) that answered each request."""
    if connection.vendor != "postgresql":
        pytest.skip("processes share the test database only on PostgreSQL")
    port, log = free_port(), tmp_path / "access.log"
    env = {**os.environ, "DATABASE_URL": database_url(), "FEEDBACK_RATE": f"{RATE}/hour"}
    command = [
        *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
        *("--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s"),
    ]
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("gunicorn did not start: " + server.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}", log
    server.terminate()
    server.wait(timeout=30)


def post_feedback(base):
    request = urllib.request.Request(
        f"{base}/api/v1/problems/",
        data=FEEDBACK,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def workers_seen(log: Path):
    return {line.split()[0] for line in log.read_text().splitlines() if line.strip()}


def test_the_feedback_limit_holds_across_two_workers(gunicorn):
    base, log = gunicorn
    DistrictFactory(code="hualong", name="华龙区")
    statuses = []
    # Bounded: enough requests for both workers to answer some past the limit.
    for _ in range(60):
        statuses.append(post_feedback(base))
        if len(statuses) >= 3 * RATE and len(workers_seen(log)) == 2:
            break
    assert len(workers_seen(log)) == 2, "one worker answered every request"
    assert statuses.count(201) == RATE, statuses
    assert statuses[:RATE] == [201] * RATE
    assert set(statuses[RATE:]) == {429}
