"""Faults injected into real processes: gunicorn (two workers) on the test PostgreSQL, with a
throwaway redis-server as its cache. What a client gets while a part fails (statuses and
times), that nothing approved or submitted is lost or half-written, and that service comes
back by itself:

- Redis stopped: every public page and API endpoint answers 200 within a second, and an
  approval commits and shows on the next request of every worker;
- Redis paused (SIGSTOP) for 5 s: no request waits more than a second;
- PostgreSQL stopped and started under load: 503s with Retry-After meanwhile, never a 500,
  full service after it without restarting the application;
- a worker killed (SIGKILL) in the middle of an approval: nothing of it is written, the
  master starts another worker, and the approval goes through when sent again.

Every loop is bounded in requests and in time; servers listen on 127.0.0.1 only; only the
processes started here are signalled, by PID."""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import redis as redis_py
from django.db import connection

from core.roles import Role
from core.watch import CHANNEL
from enterprises.models import Problem
from projects.models import ProgressReport
from tests.factories import OfficialFactory, ProgressReportFactory
from tests.pages.data import build_site
from tests.postgres import database_url
from tests.servers import Session, gunicorn, on_shared_database, workers_of

pytestmark = on_shared_database("gunicorn reads what the tests commit only on PostgreSQL")

FEEDBACK = {
    "district": "hualong",
    "title": "断电",
    "description": "园区停电",
    "category": "labour",
    "submitter_company": "Co",
    "submitter_name": "Li",
    "submitter_phone": "13700000000",
}
PAGES = [
    "/",
    "/projects/",
    "/projects/{code}/",
    "/districts/{district}/",
    "/rounds/",
    "/rankings/",
    "/feedback/",
    "/feedback/track/",
    "/map/",
    "/screen/",
]


@pytest.fixture(scope="module")
def app(django_db_setup, django_db_blocker, redis, tmp_path_factory):
    """gunicorn, two workers, its cache the throwaway Redis; the access log names the worker
    (pid) that answered each request."""
    logs = tmp_path_factory.mktemp("app")
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
        "REDIS_URL": redis.url,
        "FEEDBACK_RATE": "100000/hour",
        "CONN_MAX_AGE": "60",
    }
    with gunicorn(
        logs / "server.log", workers=2, env=env, access_log=logs / "access.log"
    ) as server:
        yield server, logs / "access.log"


@pytest.fixture
def fresh(app, redis):
    """Redis running and empty at the start (the database was emptied after the previous
    test), every worker told to forget the tokens it kept."""
    redis.resume()
    if not redis.running:
        redis.start()
    client = redis_py.Redis.from_url(redis.url)
    client.flushdb()
    client.publish(CHANNEL, b"")
    client.close()
    yield
    redis.resume()
    if not redis.running:
        redis.start()


@pytest.fixture
def site(fresh):
    site = build_site(projects_per_unit=2)
    project = site["projects"][1]
    site["report"] = ProgressReportFactory(project=project, year=2022, month=4, submitted=True)
    site["reviewer"] = OfficialFactory(role=Role.REVIEWER, district=project.district).user
    return site


def fetch(base, path, method="GET", body=None, headers=None, timeout=10):
    """(status or None for no answer, headers, body, seconds) of one request."""
    request = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Accept-Language": "en", "Content-Type": "application/json", **(headers or {})},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, head, content = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, content = error.code, error.headers, error.read()
    except OSError:
        status, head, content = None, {}, b""
    return status, head, content, time.monotonic() - started


def public_paths(base, site):
    """Every public page and API endpoint (the API root's list, details and statistics)
    that answers an anonymous GET with 200 while every part is up."""
    project, district = site["projects"][0].code, site["districts"][0].code
    paths = [page.format(code=project, district=district) for page in PAGES]
    status, _head, root, _seconds = fetch(base, "/api/v1/")
    assert status == 200
    paths += ["/api/v1/", *(url.removeprefix(base) for url in json.loads(root).values())]
    paths += [f"/api/v1/projects/{project}/", f"/api/v1/districts/{district}/"]
    paths += [f"/api/v1/stats/{kind}/?year=2022" for kind in ("districts", "problems", "funding")]
    answering = [path for path in paths if fetch(base, path)[0] == 200]
    assert {"/", "/projects/", "/api/v1/stats/districts/?year=2022"} <= set(answering)
    assert len(answering) > 20
    return answering


def approve(base, site):
    reviewer = Session(base, site["reviewer"])
    report = site["report"]
    started = time.monotonic()
    status, body = reviewer.post(f"/api/v1/progress-reports/{report.pk}/approve/")
    return status, body, time.monotonic() - started


def latest_progress_on_every_worker(server, access_log, code, limit=40):
    """The latest progress of a project as each worker serves it: {pid: report id}."""
    seen = {}
    for _request in range(limit):
        before = len(access_log.read_text().splitlines())
        status, _head, content, _seconds = fetch(server, f"/api/v1/projects/{code}/")
        assert status == 200
        deadline = time.monotonic() + 2
        while len(lines := access_log.read_text().splitlines()) == before:
            assert time.monotonic() < deadline, "no access-log line"
            time.sleep(0.01)
        seen[lines[-1].split()[0]] = (json.loads(content)["latest_progress"] or {}).get("id")
        if len(seen) == 2:
            break
    assert len(seen) == 2, "one worker answered every request"
    return seen


def test_with_redis_stopped_every_page_answers_and_an_approval_shows_on_every_worker(
    app, redis, site
):
    server, access_log = app
    paths = public_paths(server, site)
    project = site["report"].project
    assert set(latest_progress_on_every_worker(server, access_log, project.code).values()) != {
        site["report"].pk
    }

    redis.stop()
    slow = [
        (path, status, round(seconds, 2))
        for path in paths
        for status, _head, _body, seconds in [fetch(server, path)]
        if status != 200 or seconds >= 1
    ]
    assert not slow, slow
    print(
        f"\nRedis stopped: {len(paths)} paths, slowest {max(fetch(server, p)[3] for p in paths):.3f} s"
    )

    status, body, seconds = approve(server, site)
    assert (status, seconds < 1) == (200, True), body
    assert ProgressReport.objects.get(pk=site["report"].pk).status == "approved"
    shown = latest_progress_on_every_worker(server, access_log, project.code)
    assert set(shown.values()) == {site["report"].pk}, shown

    redis.start()  # and caching resumes: responses are kept in Redis again
    for _attempt in range(20):
        fetch(server, "/projects/")
        if redis_py.Redis.from_url(redis.url).dbsize():
            break
        time.sleep(0.2)
    assert redis_py.Redis.from_url(redis.url).dbsize()


def test_with_redis_paused_no_request_waits_more_than_a_second(app, redis, site):
    server, access_log = app
    paths = public_paths(server, site)  # now cached in Redis
    waits = []
    redis.pause()
    try:
        started = time.monotonic()
        while time.monotonic() - started < 5:
            for path in paths[:8]:
                status, _head, _body, seconds = fetch(server, path)
                waits.append((seconds, path, status))
        status, body, seconds = approve(server, site)
        waits.append((seconds, "approve", status))
    finally:
        redis.resume()
    assert {status for _seconds, _path, status in waits} <= {200}, waits
    assert max(waits)[0] < 1, max(waits)
    print(
        f"\nRedis paused 5 s: {len(waits)} requests, slowest {max(waits)[0]:.3f} s ({max(waits)[1]})"
    )
    assert ProgressReport.objects.get(pk=site["report"].pk).status == "approved"
    # Redis back: every worker shows the approval (its tokens replaced once Redis takes them).
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        shown = latest_progress_on_every_worker(server, access_log, site["report"].project.code)
        if set(shown.values()) == {site["report"].pk}:
            break
        time.sleep(0.2)
    assert set(shown.values()) == {site["report"].pk}, shown


def pg_ctl(*args):
    """pg_ctl on the test cluster (scripts/run-tests exports its data folder), as the
    cluster's owner."""
    data = os.environ.get("TEST_PG_DATA")
    if not data:
        pytest.skip("no TEST_PG_DATA: run the tests with scripts/run-tests")
    command = [str(Path(os.environ["PG_BINDIR"]) / "pg_ctl"), "-D", data, *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


class Load:
    """Threads sending public GETs and problem reports until stopped; each result is
    (time, kind, status, Retry-After, tracking code)."""

    def __init__(self, server, paths, threads=3):
        self.server, self.paths = server, paths
        self.results, self.lock = [], threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def run(self, n):
        sent = 0
        while not self.stopping.is_set() and sent < 2000:
            sent += 1
            if n == 0:
                status, head, content, _s = fetch(
                    self.server, "/api/v1/problems/", "POST", FEEDBACK
                )
                code = json.loads(content).get("tracking_code") if status == 201 else None
                kind = "submit"
            else:
                status, head, _c, _s = fetch(self.server, self.paths[sent % len(self.paths)])
                code, kind = None, "get"
            with self.lock:
                self.results.append((time.monotonic(), kind, status, head.get("Retry-After"), code))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)


def test_a_postgresql_restart_is_503_meanwhile_and_full_service_after(app, site):
    server, _access_log = app
    paths = public_paths(server, site)
    port = connection.settings_dict["PORT"]
    log = Path(os.environ.get("TEST_PG_DATA", ".")).parent / "restarted.log"
    with Load(server, paths) as load:
        time.sleep(1)
        pg_ctl("stop", "-m", "fast", "-w")
        try:
            stopped = time.monotonic()
            time.sleep(2)
        finally:
            restarted = time.monotonic()
            pg_ctl("start", "-w", "-l", str(log), "-o", f"-p {port}")
            connection.close()  # this process's connection died with the server
        time.sleep(2)
    results = load.results
    statuses = {status for _t, _kind, status, _retry, _code in results}
    assert statuses <= {200, 201, 503}, sorted(statuses, key=str)
    down = [r for r in results if stopped + 0.5 < r[0] < restarted]
    assert down and all(status == 503 for _t, kind, status, _r, _c in down if kind == "submit")
    assert all(retry == "30" for _t, _kind, status, retry, _c in results if status == 503)
    assert any(status == 503 for _t, _kind, status, _r, _c in results)

    # Full service, and no restart of the application: the same workers answer.
    workers = set(workers_of(server))
    deadline = time.monotonic() + 10
    while fetch(server, "/healthz")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    after = [fetch(server, path)[0] for path in paths]
    assert after == [200] * len(paths)
    assert fetch(server, "/api/v1/problems/", "POST", FEEDBACK)[0] == 201
    assert set(workers_of(server)) == workers
    failed = [r for r in results if r[2] == 503]
    print(
        f"\nPostgreSQL down {restarted - stopped:.1f} s: {len(results)} requests, {len(failed)} "
        f"503s from {failed[0][0] - stopped:+.2f} s to {failed[-1][0] - restarted:+.2f} s "
        f"after the start; every path 200 again"
    )

    # Every report accepted (201) is in the ledger, whole (with its history row).
    accepted = {code for _t, _k, status, _r, code in results if status == 201}
    assert accepted
    stored = Problem.objects.filter(tracking_code__in=accepted)
    assert stored.count() == len(accepted)
    for problem in Problem.objects.all():
        assert problem.history.exists(), problem.tracking_code


def approve_into(answer, server, site):
    try:
        answer["status"] = approve(server, site)[0]
    except OSError as error:  # the connection closed without an answer
        answer["status"] = repr(error)


def worker_of_backend(server, client_port):
    """The worker holding the database connection whose local port is `client_port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == client_port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in workers_of(server):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) in inodes:
                    return pid
            except OSError:
                continue
    return None


def test_a_worker_killed_in_the_middle_of_an_approval_writes_nothing_of_it(app, site):
    server, _access_log = app
    report = site["report"]
    history = report.history.count()
    blocker = psycopg2.connect(database_url())
    answer = {}
    try:
        with blocker.cursor() as cursor:
            # The approval's UPDATE waits for this lock: it is in the middle of its work.
            cursor.execute(
                "SELECT id FROM projects_progressreport WHERE id = %s FOR UPDATE", [report.pk]
            )
            thread = threading.Thread(target=approve_into, args=(answer, server, site))
            thread.start()
            deadline = time.monotonic() + 10
            waiting = None
            while waiting is None and time.monotonic() < deadline:
                cursor.execute(
                    "SELECT client_port FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                )
                waiting = cursor.fetchone()
                time.sleep(0.05)
            assert waiting, "the approval never reached the database"
            worker = worker_of_backend(server, waiting[0])
            assert worker is not None
            os.kill(worker, signal.SIGKILL)
            thread.join(30)
        blocker.rollback()
    finally:
        blocker.close()
    assert answer["status"] != 200  # no answer (the connection closed), never a success

    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("submitted", None)
    assert report.history.count() == history

    # The master replaces the worker; the approval, sent again, goes through.
    deadline = time.monotonic() + 30
    while (len(workers_of(server)) < 2 or worker in workers_of(server)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert len(workers_of(server)) == 2 and worker not in workers_of(server)
    status, body, _seconds = approve(server, site)
    assert status == 200, body
    report.refresh_from_db()
    assert report.status == "approved"
