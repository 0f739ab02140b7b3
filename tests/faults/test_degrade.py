"""A cache that fails is a miss (core.cache, core.outage), in this process: with Redis stopped
or silent, pages and the API answer (uncached) within the bounds, tracked writes commit, the
outage is logged once a minute, and caching resumes when Redis returns. Tokens a write could
not replace keep this process from serving anything cached until Redis has new ones."""

import io
import logging
import signal
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_redis import get_redis_connection
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from rest_framework.test import APIClient

import core.cache
from core.cache import STAMP_KEY, cached_figures, trusted
from core.outage import BREAKER, OncePerMinute
from districts.models import District
from projects.models import AnnualPlan, Project
from tests.factories import DistrictFactory
from tests.pages.data import build_site

pytestmark = pytest.mark.django_db

PAGES = ["/", "/projects/", "/api/v1/stats/districts/"]


@pytest.fixture
def site(db, django_capture_on_commit_callbacks):
    """A site whose data is committed (its stamp replaced) before the test begins."""
    with django_capture_on_commit_callbacks(execute=True):
        return build_site(projects_per_unit=2, reports=False)


def timed_get(client, path, limit=5.0):
    """(status, seconds) of a GET, given up on after `limit` seconds (a hung request fails
    the test instead of hanging it)."""

    def hung(signum, frame):
        raise TimeoutError(f"GET {path} still waiting after {limit} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.monotonic()
    try:
        status = client.get(path).status_code
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return status, time.monotonic() - started


def database_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if "django_cache" not in q["sql"]]


def test_with_redis_stopped_pages_and_the_api_answer_uncached(on_redis, site):
    public = Client()
    for path in PAGES:
        assert public.get(path).status_code == 200
    on_redis.stop()
    for path in PAGES:
        for _again in range(2):
            status, seconds = timed_get(public, path)
            assert (status, path) == (200, path)
            assert seconds < 1
        assert database_queries(public, path), "a miss: computed again"


def test_with_redis_stopped_a_tracked_write_commits_and_is_read_at_once(on_redis, site):
    public = Client(HTTP_ACCEPT_LANGUAGE="en")
    first = site["first"]
    assert public.get("/api/v1/stats/districts/?year=2022").status_code == 200
    on_redis.stop()

    AnnualPlan.objects.filter(project=first).update(planned_investment=Decimal("99999"))
    DistrictFactory(code="newunit", name="新区")
    assert District.objects.filter(code="newunit").exists()
    project = Project.objects.get(pk=first.pk)
    project.name = "改名项目"
    project.save()

    assert "改名项目" in public.get(f"/projects/{first.code}/").content.decode()


def test_with_redis_silent_a_request_waits_for_it_at_most_once(on_redis, site):
    """Paused (SIGSTOP), Redis accepts connections and never answers: each call would wait
    for its socket timeout (250 ms); after the first, the breaker skips Redis for a second."""
    public = Client()
    for path in PAGES:
        assert public.get(path).status_code == 200
    on_redis.pause()
    try:
        slowest = 0.0
        started = time.monotonic()
        while time.monotonic() - started < 2.5:  # past the breaker's retry, twice
            for path in PAGES:
                status, seconds = timed_get(public, path)
                assert status == 200
                slowest = max(slowest, seconds)
        assert slowest < 1
        # A write in the silence commits too.
        DistrictFactory(code="paused", name="暂停区")
    finally:
        on_redis.resume()
    assert District.objects.filter(code="paused").exists()


def test_caching_resumes_when_redis_returns(on_redis, site):
    public = Client()
    on_redis.stop()
    assert database_queries(public, "/projects/")
    assert database_queries(public, "/projects/")
    on_redis.start()
    time.sleep(BREAKER.RETRY)
    deadline = time.monotonic() + 5
    while database_queries(public, "/projects/") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not database_queries(public, "/projects/"), "served from Redis again"


def test_a_transaction_of_200_saves_replaces_the_stamp_once(
    on_redis, site, django_capture_on_commit_callbacks
):
    """200 saves in one transaction once sent Redis 400 transactions and 200 announcements:
    now its commit stores one new stamp and announces it once, and nothing before."""
    redis = get_redis_connection("default")
    core.cache.stamp()  # read, as any request would
    counted = ("cmdstat_set", "cmdstat_mset", "cmdstat_exec", "cmdstat_publish")

    def writes():
        stats = redis.info("commandstats")
        return {name: stats.get(name, {"calls": 0})["calls"] for name in counted}

    before = writes()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for project in Project.objects.all():
            for number in range(50):
                project.name = f"第 {number} 次改名"
                project.save()
        assert Project.objects.count() * 50 >= 200
        assert writes() == before, "nothing sent before the commit"
    after = writes()
    assert {name: after[name] - before[name] for name in counted} == {
        "cmdstat_set": 1,
        "cmdstat_mset": 0,
        "cmdstat_exec": 0,
        "cmdstat_publish": 1,
    }


calls = []


@cached_figures
def project_names():
    calls.append(1)
    return sorted(Project.objects.values_list("name", flat=True))


@pytest.fixture
def failing_stamp_writes(monkeypatch):
    """Redis answers reads but fails every write of the data stamp (a write lost in a
    network fault), in every thread, once turned on."""
    failing = {"on": False}
    original = DefaultClient.set

    def write(self, key, *args, **kwargs):
        if failing["on"] and key == STAMP_KEY:
            raise ConnectionInterrupted(connection=None)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(DefaultClient, "set", write)
    return failing


def wait_until_trusted():
    """The writer's own thread stores a new stamp within a second of Redis taking it."""
    deadline = time.monotonic() + 5
    while not trusted() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert trusted()


def test_values_are_not_served_while_the_stamp_of_a_commit_is_unconfirmed(
    on_redis, site, failing_stamp_writes, django_capture_on_commit_callbacks
):
    calls.clear()
    assert project_names() == project_names()
    assert len(calls) == 1, "cached"
    before = cache.get(STAMP_KEY)

    failing_stamp_writes["on"] = True
    with django_capture_on_commit_callbacks(execute=True):
        project = Project.objects.get(pk=site["first"].pk)
        project.name = "新名称"
        project.save()  # commits, though its stamp is not stored

    # Redis still holds the stamp of before the commit, and the values under it.
    assert cache.get(STAMP_KEY) == before
    assert "新名称" in project_names()
    assert "新名称" in project_names()
    assert len(calls) == 3, "nothing cached is served"
    assert Client().get("/projects/").status_code == 200

    # Redis takes the stamp again: caching resumes under a new one.
    failing_stamp_writes["on"] = False
    wait_until_trusted()
    calls.clear()
    assert "新名称" in project_names()
    assert project_names() == project_names()
    assert len(calls) == 1
    after = cache.get(STAMP_KEY)
    assert after is not None and after[0] != before[0]


def test_an_unconfirmed_stamp_is_replaced_without_a_request(
    on_redis, site, failing_stamp_writes, django_capture_on_commit_callbacks
):
    """Another process reads Redis's stamp: the writer replaces it as soon as Redis takes
    it, whether or not a request comes (a thread of its own)."""
    before = core.cache.stamp()
    failing_stamp_writes["on"] = True
    with django_capture_on_commit_callbacks(execute=True):
        DistrictFactory(code="idle", name="无请求区")
    assert cache.get(STAMP_KEY) == before
    failing_stamp_writes["on"] = False
    deadline = time.monotonic() + 5
    while cache.get(STAMP_KEY) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(STAMP_KEY) not in (None, before)
    assert trusted()


def test_no_304_while_a_commit_is_unconfirmed_and_a_new_etag_once_it_is(
    on_redis, site, failing_stamp_writes, django_capture_on_commit_callbacks
):
    """The API's validators are the data stamp: a 304 for a copy made before a commit the
    cache did not take would be stale."""
    api = APIClient()
    etag = api.get("/api/v1/projects/")["ETag"]
    assert api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    failing_stamp_writes["on"] = True
    with django_capture_on_commit_callbacks(execute=True):
        Project.objects.filter(pk=site["first"].pk).update(name="新名称")
    assert cache.get(STAMP_KEY) is not None  # the stamp of before the write, in Redis
    unconfirmed = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert unconfirmed.status_code == 200 and "新名称" in unconfirmed.content.decode()

    failing_stamp_writes["on"] = False
    wait_until_trusted()
    confirmed = api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert confirmed.status_code == 200 and confirmed["ETag"] != etag
    assert api.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=confirmed["ETag"]).status_code == 304


@pytest.fixture
def log_output():
    """What the console handler (settings LOGGING) writes, its minute of quiet reset."""
    (handler,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, OncePerMinute) for f in h.filters)
    ]
    (once,) = [f for f in handler.filters if isinstance(f, OncePerMinute)]
    once.last.clear()
    once.held.clear()
    output = io.StringIO()
    previous = handler.setStream(output)
    yield output
    handler.setStream(previous)


def test_an_outage_is_logged_once_a_minute_not_once_a_request(on_redis, site, log_output):
    public = Client()
    on_redis.stop()
    for _request in range(5):
        for path in PAGES:
            assert public.get(path).status_code == 200
    assert log_output.getvalue().count("Exception ignored") == 1
