"""The scale-out path (docs/deployment.md, "Scaling out"): two application hosts behind one
load balancer share one PostgreSQL and one cache (the database's, or Redis when REDIS_URL
is set: CI runs this module a second time with a redis-server). Each host serves the
public from that cache; a write through one host, or from any other process, is read
through the other at once. No host keeps state of its own."""

from decimal import Decimal

import pytest

from core.roles import Role
from projects.models import AnnualPlan, ProgressReport
from tests.factories import (
    AnnualPlanFactory,
    FundingFactory,
    OfficialFactory,
    ProgressReportFactory,
)
from tests.servers import Session, gunicorn, on_shared_database

pytestmark = on_shared_database("processes share the test database only on PostgreSQL")


@pytest.fixture(scope="module")
def hosts(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two gunicorn processes (one worker each): host A and host B."""
    logs = tmp_path_factory.mktemp("hosts")
    with gunicorn(logs / "a.log") as host_a, gunicorn(logs / "b.log") as host_b:
        yield host_a, host_b


@pytest.fixture
def plan():
    """A published project with a 2022 plan of 10,000 万元 and a June report awaiting review."""
    plan = AnnualPlanFactory(year=2022, planned_investment=Decimal("10000.00"))
    ProgressReportFactory(
        project=plan.project,
        year=2022,
        month=6,
        completed_investment=Decimal("2500.00"),
        submitted=True,
    )
    return plan


def figures(public, path):
    """A public statistics response for 2022 (its December: the year is past)."""
    status, body = public.get(f"/api/v1/stats/{path}/?year=2022")
    assert status == 200, body
    return body


def test_an_approval_through_one_host_is_read_through_the_other(hosts, plan):
    host_a, host_b = hosts
    public = Session(host_b)
    city = figures(public, "districts")["city"]
    assert (city["completed_investment"], city["completion_rate"]) == ("0.00", 0.0)
    assert figures(public, "districts")["city"] == city  # now served from the shared cache
    assert public.get(f"/api/v1/projects/{plan.project.code}/")[1]["latest_progress"] is None
    report = ProgressReport.objects.get(project=plan.project)
    reviewer = Session(
        host_a, OfficialFactory(role=Role.REVIEWER, district=plan.project.district).user
    )

    status, body = reviewer.post(f"/api/v1/progress-reports/{report.pk}/approve/")

    assert status == 200, body
    city = figures(public, "districts")["city"]
    assert (city["completed_investment"], city["completion_rate"]) == ("2500.00", 25.0)
    status, project = public.get(f"/api/v1/projects/{plan.project.code}/")
    assert project["latest_progress"]["completed_investment"] == "2500.00"


def test_plan_and_funding_changes_from_another_process_are_read_at_once(hosts, plan):
    _host_a, host_b = hosts
    public = Session(host_b)
    assert figures(public, "districts")["city"]["planned_investment"] == "10000.00"
    assert figures(public, "funding")["secured"] == "0.00"

    # This test's process writes, as a third host (an import, a management command) would.
    AnnualPlan.objects.filter(pk=plan.pk).update(planned_investment=Decimal("12500.00"))
    FundingFactory(project=plan.project, secured=Decimal("3000.00"), disbursed="1500.00")

    assert figures(public, "districts")["city"]["planned_investment"] == "12500.00"
    funding = figures(public, "funding")
    assert (funding["secured"], funding["disbursement_rate"]) == ("3000.00", 50.0)
