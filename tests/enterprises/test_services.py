"""enterprises/services.py: the problem ledger (raised → accepted → in progress → resolved →
closed, or rejected) and public feedback into it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from core.period import Period
from core.roles import Role
from enterprises import services as ledger
from enterprises.choices import ProblemStatus
from enterprises.models import Problem
from stats.problems import problem_stats
from tests.factories import (
    AssignmentFactory,
    CadreFactory,
    DistrictFactory,
    EnterpriseFactory,
    OfficialFactory,
    ProblemFactory,
    official_user,
)

pytestmark = pytest.mark.django_db


def test_problem_goes_through_the_ledger_and_counts(district):
    today = timezone.localdate()
    problem = ProblemFactory(
        district=district, submitter_phone="+86 139-0000-1234", raised_on=today, due_date=None
    )
    reporter, reviewer = (
        official_user(Role.REPORTER, district),
        official_user(Role.REVIEWER, district),
    )
    with pytest.raises(ValidationError) as no_assignee:
        ledger.problem_accept(problem=problem, user=reporter)
    assert "assignee" in no_assignee.value.message_dict
    problem.refresh_from_db()
    ledger.problem_accept(problem=problem, user=reporter, assignee=CadreFactory(district=district))
    assert problem.accepted_on is not None
    ledger.problem_start(problem=problem, user=reporter)
    with pytest.raises(ValidationError):
        ledger.problem_resolve(problem=problem, user=reporter, resolution="", outcome="solved")
    ledger.problem_resolve(
        problem=problem, user=reporter, resolution="已协调解决", outcome="solved"
    )
    assert problem_stats(period=Period(today.year, today.month), district=district)["resolved"] == 1
    with pytest.raises(PermissionDenied):
        ledger.problem_close(problem=problem, user=reporter)
    with pytest.raises(ValidationError):  # the enterprise has not rated it yet
        ledger.problem_close(problem=problem, user=reviewer)
    with pytest.raises(ValidationError):  # not the phone it gave
        ledger.problem_rate(
            tracking_code=problem.tracking_code, phone="13900009999", satisfaction="satisfied"
        )
    ledger.problem_rate(
        tracking_code=problem.tracking_code, phone="13900001234", satisfaction="satisfied"
    )
    problem.refresh_from_db()
    ledger.problem_close(problem=problem, user=reviewer)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.closed_on is not None
    assert problem.satisfaction == "satisfied"
    assert problem.history.count() >= 5  # every step is in the change history


def test_a_problem_cannot_be_resolved_in_the_future(district):
    problem = ProblemFactory(district=district, accepted=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        ledger.problem_resolve(
            problem=problem,
            user=official_user(Role.REPORTER, district),
            resolution="已解决",
            outcome="solved",
            resolved_on=tomorrow,
        )
    assert error.value.message_dict == {
        "resolved_on": ["A problem cannot be resolved in the future."]
    }
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.ACCEPTED


def test_illegal_transitions_are_refused_with_a_message(district):
    problem = ProblemFactory(district=district, closed=True)
    reporter = official_user(Role.REPORTER, district)
    with pytest.raises(ValidationError) as error:
        ledger.problem_accept(problem=problem, user=reporter)
    assert "status" in error.value.message_dict
    raised = ProblemFactory(district=district)
    with pytest.raises(ValidationError):
        ledger.problem_reject(problem=raised, user=reporter, reason="")
    ledger.problem_reject(problem=raised, user=reporter, reason="不属于受理范围")
    assert Problem.objects.get(pk=raised.pk).status == ProblemStatus.REJECTED


def test_cadre_handles_only_problems_of_assigned_enterprises(district):
    cadre_user = official_user(Role.CADRE)
    cadre = CadreFactory(district=district, user=cadre_user)
    mine = AssignmentFactory(cadre=cadre).enterprise
    ours = ProblemFactory(district=district, enterprise=mine)
    theirs = ProblemFactory(district=district, enterprise=EnterpriseFactory(district=district))
    ledger.problem_accept(problem=ours, user=cadre_user, assignee=cadre)
    with pytest.raises(PermissionDenied):
        ledger.problem_accept(problem=theirs, user=cadre_user)


def test_other_districts_may_not_handle_a_problem(district):
    problem = ProblemFactory(district=district)
    with pytest.raises(PermissionDenied):
        ledger.problem_accept(problem=problem, user=official_user(Role.REPORTER, DistrictFactory()))
    with pytest.raises(PermissionDenied):
        ledger.problem_accept(problem=problem, user=OfficialFactory.build().user)


def feedback_naming(enterprise, district):
    return ledger.problem_submit_feedback(
        district=district,
        title="用电增容",
        description="新生产线需要增容",
        category="power",
        submitter_company=enterprise.name,
        submitter_credit_code=enterprise.credit_code.lower(),
        submitter_name="王经理",
        submitter_phone="13900000000",
    )


def test_a_credit_code_in_feedback_is_a_claim_until_an_official_confirms_it(district):
    enterprise = EnterpriseFactory(district=district)
    chosen = DistrictFactory()
    problem = feedback_naming(enterprise, chosen)
    # Anyone can type a registered enterprise's code: no link, no move, until confirmed.
    assert problem.enterprise is None and problem.district == chosen
    assert problem.submitter_credit_code == enterprise.credit_code
    assert problem.status == ProblemStatus.RAISED and problem.source == "feedback"
    assert problem.tracking_code.startswith("WQ-")

    with pytest.raises(PermissionDenied):  # the enterprise's district cannot see it yet
        ledger.problem_confirm_enterprise(
            problem=problem, user=official_user(Role.REPORTER, district)
        )
    with pytest.raises(ValidationError) as error:  # the enterprise is outside the chosen district
        ledger.problem_confirm_enterprise(
            problem=problem, user=official_user(Role.REPORTER, chosen)
        )
    assert "submitter_credit_code" in error.value.message_dict

    ledger.problem_confirm_enterprise(problem=problem, user=official_user(Role.CITY_ADMIN))
    problem.refresh_from_db()
    assert problem.enterprise == enterprise and problem.district == district


def test_an_official_confirms_an_enterprise_of_its_own_district(district):
    enterprise = EnterpriseFactory(district=district)
    problem = feedback_naming(enterprise, district)
    reporter = official_user(Role.REPORTER, district)
    ledger.problem_confirm_enterprise(problem=problem, user=reporter)
    assert Problem.objects.get(pk=problem.pk).enterprise == enterprise
    with pytest.raises(ValidationError):  # once is enough
        ledger.problem_confirm_enterprise(problem=problem, user=reporter)


def test_feedback_with_a_bad_credit_code_is_refused(district):
    with pytest.raises(ValidationError) as error:
        ledger.problem_submit_feedback(
            district=district,
            title="t",
            description="d",
            category="other",
            submitter_company="某公司",
            submitter_credit_code="91350100M000100Y44",
        )
    assert "submitter_credit_code" in error.value.message_dict
    assert not Problem.objects.exists()
