"""The admin offers exactly the workflow steps the services allow: for every role and state
of a monthly report and of a ledger problem, the change page's buttons are the steps the
service accepts (tried and rolled back), and both are the declared table (core.workflow)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from enterprises import services as ledger
from enterprises.choices import ProblemStatus
from enterprises.models import Cadre, Problem
from projects import services
from projects.choices import ReportStatus
from projects.models import ProgressReport
from tests.factories import AnnualPlanFactory, ProblemFactory, ProgressReportFactory

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db

REPORT_STEPS = {
    "submit": lambda report, user: services.report_submit(report=report, user=user),
    "approve": lambda report, user: services.report_approve(report=report, reviewer=user),
    "return": lambda report, user: services.report_return(
        report=report, reviewer=user, reason="附件缺失"
    ),
}
PROBLEM_STEPS = {
    "accept": lambda problem, user: ledger.problem_accept(
        problem=problem, user=user, assignee=Cadre.objects.get(user__username="cadre")
    ),
    "reject": lambda problem, user: ledger.problem_reject(problem=problem, user=user, reason="x"),
    "start": lambda problem, user: ledger.problem_start(problem=problem, user=user),
    "resolve": lambda problem, user: ledger.problem_resolve(
        problem=problem, user=user, resolution="已解决", outcome="solved"
    ),
    "close": lambda problem, user: ledger.problem_close(problem=problem, user=user),
}


class Undo(Exception):
    """Raised to roll a successful trial step back."""


def steps_the_service_allows(steps, obj, user):
    allowed = set()
    for name, step in steps.items():
        fresh = type(obj).objects.get(pk=obj.pk)
        try:
            with transaction.atomic():
                step(fresh, user)
                raise Undo
        except Undo:
            allowed.add(name)
        except (PermissionDenied, ValidationError):
            pass
    return allowed


def buttons_the_admin_shows(model, obj, user):
    page = client_for(user).get(admin_url(model, "change", obj.pk))
    if page.status_code != 200:  # not the user's row, or no access to the model at all
        return set()
    return {button["name"] for button in page.context["workflow_buttons"]}


def make_report(world, state):
    """A valid report of `world.project` (its year has a plan) in `state`."""
    AnnualPlanFactory(project=world.project, year=2022)
    reporter = world.reporter
    return {
        "draft": lambda: ProgressReportFactory(project=world.project, edited_by=reporter),
        "returned": lambda: ProgressReportFactory(project=world.project, returned=True),
        "submitted": lambda: ProgressReportFactory(
            project=world.project, submitted=True, submitted_by=reporter, edited_by=reporter
        ),
        # Four eyes: the city administrator filed (and submitted) this one itself.
        "submitted by the city admin": lambda: ProgressReportFactory(
            project=world.project,
            submitted=True,
            submitted_by=world.city_admin,
            edited_by=world.city_admin,
        ),
        "approved": lambda: ProgressReportFactory(project=world.project, approved=True),
    }[state]()


REVIEW = {"approve", "return"}
REPORT_TABLE = {
    "reporter": {"draft": {"submit"}, "returned": {"submit"}},
    "reviewer": {"submitted": REVIEW, "submitted by the city admin": REVIEW},
    "city_admin": {
        "draft": {"submit"},
        "returned": {"submit"},
        "submitted": REVIEW,
        "submitted by the city admin": {"return"},
    },
    "other_reporter": {},
    "cadre_user": {},
}
REPORT_STATES = ["draft", "returned", "submitted", "submitted by the city admin", "approved"]


@pytest.mark.parametrize("state", REPORT_STATES)
@pytest.mark.parametrize("role", list(REPORT_TABLE))
def test_report_buttons_are_the_steps_the_service_allows(world, role, state):
    user = getattr(world, role)
    report = make_report(world, state)
    expected = REPORT_TABLE[role].get(state, set())
    assert steps_the_service_allows(REPORT_STEPS, report, user) == expected
    assert buttons_the_admin_shows(ProgressReport, report, user) == expected


HANDLING = {
    ProblemStatus.RAISED: {"accept", "reject"},
    ProblemStatus.ACCEPTED: {"start", "resolve"},
    ProblemStatus.IN_PROGRESS: {"resolve"},
}
RATED = "resolved and rated by the enterprise"
CLOSING = {**HANDLING, RATED: {"close"}}
PROBLEM_TABLE = {
    "reporter": HANDLING,
    "reviewer": CLOSING,
    "cadre_user": HANDLING,  # a problem of the enterprise it is assigned to
    "city_admin": CLOSING,
    "other_reporter": {},
}


def make_problem(world, status):
    traits = {
        RATED: {"resolved": True, "satisfaction": "satisfied"},
        ProblemStatus.RAISED: {},
        ProblemStatus.ACCEPTED: {"accepted": True},
        ProblemStatus.IN_PROGRESS: {"in_progress": True},
        ProblemStatus.RESOLVED: {"resolved": True},
        ProblemStatus.CLOSED: {"closed": True},
        ProblemStatus.REJECTED: {"status": ProblemStatus.REJECTED, "rejection_reason": "重复"},
    }[status]
    return ProblemFactory(district=world.hualong, enterprise=world.enterprise, **traits)


@pytest.mark.parametrize("status", [*ProblemStatus, RATED])
@pytest.mark.parametrize("role", list(PROBLEM_TABLE))
def test_problem_buttons_are_the_steps_the_service_allows(world, role, status):
    user = getattr(world, role)
    problem = make_problem(world, status)
    expected = PROBLEM_TABLE[role].get(status, set())
    assert steps_the_service_allows(PROBLEM_STEPS, problem, user) == expected
    assert buttons_the_admin_shows(Problem, problem, user) == expected


@pytest.mark.parametrize(
    ("role", "actions"),
    [
        ("reporter", {"transition_submit"}),
        ("reviewer", {"transition_approve", "transition_return"}),
        ("city_admin", {"transition_submit", "transition_approve", "transition_return"}),
    ],
)
def test_report_list_actions_are_the_steps_of_the_role(world, role, actions):
    page = client_for(getattr(world, role)).get(admin_url(ProgressReport))
    offered = {name for name, _label in page.context["action_form"].fields["action"].choices}
    assert {name for name in offered if name.startswith("transition_")} == actions


def test_a_reviewer_who_returned_a_report_lands_on_a_read_only_page(world):
    report = make_report(world, "submitted")
    client = client_for(world.reviewer)
    response = client.post(
        admin_url(ProgressReport, "transition", report.pk, "return"),
        {"reason": "数据与附件不符"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["workflow_buttons"] == []
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
