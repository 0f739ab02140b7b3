"""core/workflow.py: workflows hold under concurrency (issue 10): parallel requests against
gunicorn with two workers on PostgreSQL, as in production. Every transition locks its row (SELECT … FOR
UPDATE) and checks the state on it; a lost race on a unique key is a 400, never a 500.

Skipped on SQLite, which serialises writers and has no row locks; CI runs the suite on
PostgreSQL (scripts/run-tests).
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import psycopg2
import pytest
from django.db import connection

from core.models import PeriodStatus, ReportingPeriod
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
from tests.servers import Session, gunicorn, on_shared_database

pytestmark = on_shared_database(
    "needs PostgreSQL: SQLite serialises writers and has no row locks to test"
)

PARALLEL = 20
WORKERS, THREADS = 2, 5


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn with WORKERS worker processes (THREADS threads each) on the test database."""
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    with gunicorn(log, workers=WORKERS, threads=THREADS) as base:
        yield base


def official_session(base, role, district=None):
    return Session(base, OfficialFactory(role=role, district=district).user)


def at_once(*calls):
    """Run the calls in parallel threads, released together; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls, timeout=120))


@pytest.fixture
def project():
    project = ProjectFactory()
    AnnualPlanFactory(project=project, year=2022)
    return project


def test_parallel_approvals_approve_once(server, project):
    report = ProgressReportFactory(project=project, submitted=True)
    reviewer = official_session(server, Role.REVIEWER, project.district)
    url = f"/api/v1/progress-reports/{report.pk}/approve/"
    results = at_once(*[lambda: reviewer.post(url)] * PARALLEL)
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [400] * (PARALLEL - 1), results
    assert all("status" in body for status, body in results if status == 400)
    history = report.history.filter(status=ReportStatus.APPROVED)
    assert history.count() == 1


def test_approve_and_return_at_once_one_wins(server, project):
    reviewers = [official_session(server, Role.REVIEWER, project.district) for _ in range(2)]
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
    reporter = official_session(server, Role.REPORTER, project.district)
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
    handlers = [official_session(server, Role.REPORTER, project.district) for _ in range(2)]
    base = f"/api/v1/problems/{problem.tracking_code}"
    results = at_once(
        lambda: handlers[0].post(f"{base}/accept/", {"assignee": cadre.pk}),
        lambda: handlers[1].post(f"{base}/reject/", {"reason": "不属于受理范围"}),
    )
    assert sorted(status for status, _body in results) == [200, 400], results
    problem.refresh_from_db()
    assert problem.status in (ProblemStatus.ACCEPTED, ProblemStatus.REJECTED)
    assert problem.history.exclude(status=ProblemStatus.RAISED).count() == 1


def test_an_approval_during_the_close_of_its_month_waits_for_it_and_is_refused(server, project):
    """Closing a month publishes it in the same transaction, its period row locked. An
    approval of a report of that month, arriving meanwhile, waits for the close and then
    refuses (the 补报 route remains): the published month never misses a report approved
    while it was being published."""
    may = ReportingPeriod.objects.create(year=2022, month=5, status=PeriodStatus.OPEN)
    report = ProgressReportFactory(project=project, month=5, submitted=True)
    reviewer = official_session(server, Role.REVIEWER, project.district)
    closing = psycopg2.connect(**connection.get_connection_params())
    try:
        with closing.cursor() as cursor:  # a close in progress, as period_close does it
            cursor.execute("SELECT id FROM core_reportingperiod WHERE id = %s FOR UPDATE", [may.pk])
            cursor.execute(
                "UPDATE core_reportingperiod SET status = 'closed' WHERE id = %s", [may.pk]
            )
        with ThreadPoolExecutor(max_workers=1) as pool:
            approval = pool.submit(reviewer.post, f"/api/v1/progress-reports/{report.pk}/approve/")
            with pytest.raises(TimeoutError):
                approval.result(timeout=1.5)  # waits for the close
            closing.commit()
            status, body = approval.result(timeout=30)
    finally:
        closing.close()
    assert status == 400 and "month" in body, body
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
