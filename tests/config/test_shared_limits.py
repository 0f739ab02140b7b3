"""Rate limits shared by every worker: counted in a table of the database of their own
(CACHES["limits"]) beside the shared cache, the database's (default) or Redis (REDIS_URL; CI
runs the suite a second time with a redis-server of its own), never a per-process memory, so
two gunicorn workers hold one feedback budget between them."""

import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django_redis.cache import RedisCache

from tests.factories import DistrictFactory
from tests.servers import Session, gunicorn

RATE = 4  # feedback per hour in the gunicorn run: small, so the loop stays short
FEEDBACK = {
    "district": "hualong",
    "title": "用工",
    "description": "缺工",
    "category": "labour",
    "submitter_company": "Co",
    "submitter_name": "Li",
    "submitter_phone": "13700000000",
}


def test_the_cache_is_the_store_every_worker_shares():
    if os.environ.get("REDIS_URL"):
        assert isinstance(caches["default"], RedisCache)
    else:
        assert isinstance(caches["default"], DatabaseCache)


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_tables():
    """`migrate` (post_migrate) creates the database cache's table and the rate limits' own:
    the README's setup is enough, with no separate createcachetable step."""
    tables = [alias for alias in ("default", "limits") if isinstance(caches[alias], DatabaseCache)]
    assert "limits" in tables  # with Redis as without
    with connection.cursor() as cursor:
        for alias in tables:
            cursor.execute(f"DROP TABLE {caches[alias]._table}")
    call_command("migrate", verbosity=0)
    for alias in tables:
        caches[alias].set("probe", alias, 60)
        assert caches[alias].get("probe") == alias


@pytest.fixture
def server(transactional_db, tmp_path):
    """gunicorn with two workers on the test database; its access log names the worker
    (pid) that answered each request."""
    if connection.vendor != "postgresql":
        pytest.skip("processes share the test database only on PostgreSQL")
    access_log = tmp_path / "access.log"
    with gunicorn(
        tmp_path / "server.log",
        workers=2,
        env={"FEEDBACK_RATE": f"{RATE}/hour"},
        access_log=access_log,
    ) as base:
        yield Session(base), access_log


def workers_seen(log: Path):
    return {line.split()[0] for line in log.read_text().splitlines() if line.strip()}


def test_the_feedback_limit_holds_across_two_workers(server):
    public, log = server
    DistrictFactory(code="hualong", name="华龙区")
    statuses = []
    # Bounded: enough requests for both workers to answer some past the limit.
    for _ in range(60):
        statuses.append(public.post("/api/v1/problems/", FEEDBACK)[0])
        if len(statuses) >= 3 * RATE and len(workers_seen(log)) == 2:
            break
    assert len(workers_seen(log)) == 2, "one worker answered every request"
    assert statuses.count(201) == RATE, statuses
    assert statuses[:RATE] == [201] * RATE
    assert set(statuses[RATE:]) == {429}
