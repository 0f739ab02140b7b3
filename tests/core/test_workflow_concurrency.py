"""core/workflow.py: workflows hold under concurrency (issue 10): parallel requests against
gunicorn with two workers on PostgreSQL, as in production. Every transition locks its row (SELECT … FOR
UPDATE) and checks the state on it; a lost race on a unique key is a 400, never a 500.

Skipped on SQLite, which serialises writers and has no row locks; CI runs the suite on
PostgreSQL (scripts/run-tests).
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from core.roles import Role
from enterprises.choices import ProblemStatus
from projects.choices import ReportStatus
from projects.models import ProgressReport
from tests.factories import (
    AnnualPlanFactory,
    CadreFactory,
    OfficialFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers and has no row locks to test",
    ),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = 20
WORKERS, THREADS = 2, 5


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict  # the test database, once pytest-django has created it
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def wait_until_up(base, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            urllib.request.urlopen(f"{base}/api/v1/", timeout=2)
            return True
        except urllib.error.HTTPError:
            return True  # it answers
        except OSError:
            time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn with WORKERS worker processes (THREADS threads each) on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions the tests sign are the server's
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    for _attempt in range(3):  # another process may take the free port first
        base = f"http://127.0.0.1:{free_port()}"
        with open(log, "ab") as output:
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *("--bind", base.removeprefix("http://")),
                    *("--workers", str(WORKERS), "--threads", str(THREADS)),
                    *("--worker-class", "gthread", "--timeout", "60"),
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if wait_until_up(base, process):
            break
        process.terminate()
        process.wait(timeout=30)
    else:
        pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
    yield base
    process.terminate()
    process.wait(timeout=30)


class Session:
    """A logged-in official's cookies (session + CSRF), usable from any thread."""

    def __init__(self, base, user):
        client = Client()
        client.force_login(user)
        self.base = base
        self.csrf = "c" * 32
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"

    def post(self, path, body=None):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body or {}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept-Language": "en",
                "Cookie": self.cookie,
                "X-CSRFToken": self.csrf,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


def at_once(*calls):
    """Run the calls in parallel threads, released together; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls, timeout=120))


def official(role, district=None):
    return OfficialFactory(role=role, district=district).user


@pytest.fixture
def project():
    project = ProjectFactory()
    AnnualPlanFactory(project=project, year=2022)
    return project


def test_parallel_approvals_approve_once(server, project):
    report = ProgressReportFactory(project=project, submitted=True)
    reviewer = Session(server, official(Role.REVIEWER, project.district))
    url = f"/api/v1/progress-reports/{report.pk}/approve/"
    results = at_once(*[lambda: reviewer.post(url)] * PARALLEL)
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [400] * (PARALLEL - 1), results
    assert all("status" in body for status, body in results if status == 400)
    history = report.history.filter(status=ReportStatus.APPROVED)
    assert history.count() == 1


def test_approve_and_return_at_once_one_wins(server, project):
    reviewers = [Session(server, official(Role.REVIEWER, project.district)) for _ in range(2)]
    for month in (1, 2, 3):  # the race of issue 10, three times
        report = ProgressReportFactory(project=project, month=month, submitted=True)
        base = f"/api/v1/progress-reports/{report.pk}"
        (approve, approved), (give_back, returned) = at_once(
            lambda base=base: reviewers[0].post(f"{base}/approve/"),
            lambda base=base: reviewers[1].post(f"{base}/return/", {"reason": "数据有误"}),
        )
        assert sorted([approve, give_back]) == [200, 400], (approved, returned)
        report.refresh_from_db()
        winner = approved if approve == 200 else returned
        assert report.status == winner["status"]
        assert report.history.exclude(status=ReportStatus.SUBMITTED).count() == 1


def test_parallel_creates_of_one_monthly_report_create_one(server, project):
    reporter = Session(server, official(Role.REPORTER, project.district))
    body = {
        "project": project.code,
        "year": 2022,
        "month": 5,
        "completed_investment": "100.00",
    }
    results = at_once(*[lambda: reporter.post("/api/v1/progress-reports/", body)] * PARALLEL)
    statuses = sorted(status for status, _body in results)
    assert statuses == [201] + [400] * (PARALLEL - 1), results
    refusal = {"non_field_errors": ["This project already has a report for this month."]}
    assert all(body == refusal for status, body in results if status == 400)
    report = ProgressReport.objects.get(project=project)
    assert report.completed_investment == Decimal("100.00")


def test_accept_and_reject_of_one_problem_at_once_one_wins(server, project):
    problem = ProblemFactory(district=project.district)
    cadre = CadreFactory(district=project.district)
    handlers = [Session(server, official(Role.REPORTER, project.district)) for _ in range(2)]
    base = f"/api/v1/problems/{problem.tracking_code}"
    results = at_once(
        lambda: handlers[0].post(f"{base}/accept/", {"assignee": cadre.pk}),
        lambda: handlers[1].post(f"{base}/reject/", {"reason": "不属于受理范围"}),
    )
    assert sorted(status for status, _body in results) == [200, 400], results
    problem.refresh_from_db()
    assert problem.status in (ProblemStatus.ACCEPTED, ProblemStatus.REJECTED)
    assert problem.history.exclude(status=ProblemStatus.RAISED).count() == 1
