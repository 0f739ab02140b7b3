"""stats/problems.py: the problem ledger's figures (问题办结率, 企业满意率, overdue)."""

import datetime
from decimal import Decimal

import pytest

from core.period import Period
from stats.problems import problem_stats
from tests.factories import (
    DistrictFactory,
    ProblemFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


def test_problem_figures():
    district = DistrictFactory()
    ProblemFactory(district=district)  # raised, not yet accepted
    ProblemFactory(district=district, accepted=True, due_date=datetime.date(2022, 6, 1))
    ProblemFactory(district=district, in_progress=True, due_date=datetime.date(2099, 1, 1))
    ProblemFactory(district=district, resolved=True)
    ProblemFactory(district=district, closed=True, satisfaction="satisfied")
    ProblemFactory(district=district, closed=True, satisfaction="basically_satisfied")
    ProblemFactory(district=district, closed=True, satisfaction="dissatisfied")
    ProblemFactory(district=district, rejected=True)
    ProblemFactory(district=district, raised_on=datetime.date(2021, 12, 31))  # other year
    ProblemFactory(accepted=True)  # other district
    figures = problem_stats(period=Period(2022, 12), district=district)
    assert (figures.pop("year"), figures.pop("scope"), figures.pop("links")) == (
        2022,
        "public",
        None,  # the public reads the figures, not the ledger's rows
    )
    assert (figures.pop("month"), figures.pop("as_of"), figures.pop("version")) == (
        12,
        datetime.date(2022, 12, 31),
        None,  # not published: no reporting period on record
    )
    figures.pop("limited")
    assert figures == {
        "raised": 8,
        "accepted": 6,
        "resolved": 4,
        "resolution_rate": D("66.7"),
        "solved": 4,  # the factory's resolved and closed problems are solved
        "solved_rate": D("100.0"),
        "rated": 3,
        "satisfaction_rate": D("66.7"),
        # raised (due 2022-06-30) and accepted (due 2022-06-01) are past due and open
        "overdue": 2,
        "reopened": 0,
    }


def test_problem_rates_without_accepted_or_rated_problems_are_none():
    district = DistrictFactory()
    ProblemFactory(district=district, rejected=True)
    figures = problem_stats(period=Period(2022, 12), district=district)
    assert figures["raised"] == 1
    assert figures["resolution_rate"] is None
    assert figures["satisfaction_rate"] is None
