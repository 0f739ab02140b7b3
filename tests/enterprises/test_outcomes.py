"""Outcomes (issue 19): 办结 is not always 解决. Resolving a problem requires an outcome —
solved, partly solved, cannot be solved (with the reason the enterprise reads), unfounded —
in the services, the admin and the API; stats/problems gives the 办结率 and the 解决率 side
by side, and the enterprise's own ratings stay the only source of the 满意率."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.period import Period
from core.roles import Role
from enterprises import services as ledger
from enterprises.choices import ProblemOutcome, ProblemStatus
from enterprises.models import Problem
from stats.problems import problem_stats
from tests.admin.helpers import admin_url, client_for
from tests.factories import DistrictFactory, ProblemFactory, official_user

pytestmark = pytest.mark.django_db


def test_resolving_requires_an_outcome_and_a_reason_when_it_cannot_be_solved(district):
    problem = ProblemFactory(district=district, accepted=True)
    reporter = official_user(Role.REPORTER, district)
    with pytest.raises(ValidationError) as no_outcome:
        ledger.problem_resolve(problem=problem, user=reporter, resolution="已办", outcome="")
    assert set(no_outcome.value.message_dict) == {"outcome"}
    with pytest.raises(ValidationError) as no_reason, translation.override("en"):
        ledger.problem_resolve(
            problem=problem, user=reporter, resolution="已办", outcome="unsolvable"
        )
    assert no_reason.value.message_dict == {
        "outcome_note": ["Tell the enterprise why the problem cannot be solved."]
    }
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.ACCEPTED
    ledger.problem_resolve(
        problem=problem,
        user=reporter,
        resolution="已向上级部门反映",
        outcome="unsolvable",
        outcome_note="  该地块属于基本农田，依法不能调整用途。 ",
    )
    problem.refresh_from_db()
    assert (problem.status, problem.outcome, problem.outcome_note) == (
        ProblemStatus.RESOLVED,
        ProblemOutcome.UNSOLVABLE,
        "该地块属于基本农田，依法不能调整用途。",
    )


def test_the_api_asks_for_the_outcome_and_the_public_reads_it(world):
    problem = world.hualong.problem
    problem.status, problem.accepted_on = ProblemStatus.ACCEPTED, datetime.date(2022, 5, 13)
    problem.save()
    reporter = world.client("reporter")
    url = f"/api/v1/problems/{problem.tracking_code}/resolve/"
    missing = reporter.post(url, {"resolution": "已办"}, format="json")
    assert missing.status_code == 400 and "outcome" in missing.json()
    wrong = reporter.post(url, {"resolution": "已办", "outcome": "fixed"}, format="json")
    assert wrong.status_code == 400 and "outcome" in wrong.json()
    unsaid = reporter.post(url, {"resolution": "已办", "outcome": "unsolvable"}, format="json")
    assert unsaid.status_code == 400 and "outcome_note" in unsaid.json()
    done = reporter.post(
        url,
        {"resolution": "已协调", "outcome": "partly_solved", "outcome_note": "贷款到位一半"},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert (done.json()["outcome"], done.json()["outcome_note"]) == (
        "partly_solved",
        "贷款到位一半",
    )
    tracked = world.client("anonymous").get(f"/api/v1/problems/track/{problem.tracking_code}/")
    body = tracked.json()
    assert (body["status"], body["outcome"], body["outcome_note"]) == (
        "resolved",
        "partly_solved",
        "贷款到位一半",
    )
    assert body["outcome_label"] == "Partly solved"
    chinese = world.client("anonymous").get(
        f"/api/v1/problems/track/{problem.tracking_code}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert chinese.json()["outcome_label"] == "部分解决"
    assert "submitter_phone" not in body and "13800000000" not in tracked.content.decode()
    page = world.client("anonymous").get("/feedback/track/", {"code": problem.tracking_code})
    text = page.content.decode()
    assert 'data-outcome="partly_solved"' in text and "贷款到位一半" in text


def test_the_admin_resolve_form_requires_the_outcome(world):
    problem = world.hualong.problem
    problem.status, problem.accepted_on = ProblemStatus.IN_PROGRESS, datetime.date(2022, 5, 13)
    problem.save()
    reporter = client_for(world.users["reporter"])
    url = admin_url(Problem, "transition", problem.pk, "resolve")
    form = reporter.get(url).content.decode()
    assert 'name="outcome"' in form and 'value="unfounded"' in form
    refused = reporter.post(url, {"resolution": "查无此事"})
    assert refused.status_code == 200  # the form again, with the error
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.IN_PROGRESS
    reporter.post(url, {"resolution": "经核实，企业反映情况不属实", "outcome": "unfounded"})
    problem.refresh_from_db()
    assert (problem.status, problem.outcome) == (ProblemStatus.RESOLVED, "unfounded")


def test_stats_give_the_resolution_and_the_solved_rate_side_by_side():
    district = DistrictFactory()
    ProblemFactory(district=district, closed=True, satisfaction="satisfied")  # solved
    ProblemFactory(district=district, resolved=True, outcome="partly_solved")
    ProblemFactory(
        district=district, resolved=True, outcome="unsolvable", outcome_note="政策不允许"
    )
    ProblemFactory(district=district, closed=True, outcome="unfounded", satisfaction="dissatisfied")
    ProblemFactory(district=district, in_progress=True)  # due 2022-06-30: overdue at year end
    ProblemFactory(district=district, rejected=True)
    figures = problem_stats(period=Period(2022, 12), district=district)
    picked = {
        name: figures[name]
        for name in (
            "raised",
            "accepted",
            "resolved",
            "resolution_rate",
            "solved",
            "solved_rate",
            "rated",
            "satisfaction_rate",
            "overdue",
        )
    }
    assert picked == {
        "raised": 6,
        "accepted": 5,  # all but the rejected one
        "resolved": 4,  # 办结: solved, partly solved, cannot be solved, unfounded
        "resolution_rate": Decimal("80.0"),  # 4 ÷ 5
        "solved": 1,
        "solved_rate": Decimal("25.0"),  # 1 ÷ 4
        "rated": 2,
        "satisfaction_rate": Decimal("50.0"),  # the enterprises' own: 1 satisfied of 2
        "overdue": 1,
    }
    # Before the problems were resolved (10 June), nothing was 办结 nor solved.
    may = problem_stats(period=Period(2022, 5), district=district)
    assert (may["resolved"], may["solved"], may["solved_rate"]) == (0, 0, None)


def test_the_district_page_gives_both_rates_side_by_side(client):
    """The same four 办结 problems on the unit's page: 办结率 80.0 % beside 解决率 25.0 %."""
    district = DistrictFactory(code="hualong", name="华龙区")
    ProblemFactory(district=district, closed=True, satisfaction="satisfied")
    ProblemFactory(district=district, resolved=True, outcome="partly_solved")
    ProblemFactory(
        district=district, resolved=True, outcome="unsolvable", outcome_note="政策不允许"
    )
    ProblemFactory(district=district, closed=True, outcome="unfounded", satisfaction="dissatisfied")
    ProblemFactory(district=district, in_progress=True)
    page = client.get("/districts/hualong/", {"year": 2022}).content.decode()
    assert 'data-figure="resolution_rate">80.0' in page
    assert 'data-figure="solved_rate">25.0' in page
    assert "问题解决率" in page
