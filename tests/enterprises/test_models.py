"""Rules of the campaign's models (enterprises/models.py), whatever the write path."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_credit_code
from enterprises.models import Enterprise, Problem
from tests.factories import (
    EnterpriseFactory,
    ProblemFactory,
)
from tests.helpers import integrity_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_credit_codes_are_checked():
    validate_credit_code("91350100M000100Y43")  # the example of DESIGN.md
    for bad in ["91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43", ""]:
        with pytest.raises(ValidationError):
            validate_credit_code(bad)
    enterprise = EnterpriseFactory.build(district=EnterpriseFactory().district, credit_code="123")
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean(exclude=["industry"])
    assert "credit_code" in error.value.message_dict


def test_credit_code_is_stored_in_one_form():
    enterprise = EnterpriseFactory(credit_code=" 91350100-m000100y43 ")
    assert Enterprise.objects.get(pk=enterprise.pk).credit_code == "91350100M000100Y43"
    problem = ProblemFactory(submitter_credit_code="91350100 M000 100Y43")
    assert Problem.objects.get(pk=problem.pk).submitter_credit_code == "91350100M000100Y43"


def test_a_credit_code_written_differently_is_still_a_duplicate():
    enterprise = EnterpriseFactory(credit_code="91350100M000100Y43")
    twin = EnterpriseFactory.build(district=enterprise.district, credit_code="91350100-m000100y43")
    with pytest.raises(ValidationError) as error:
        twin.full_clean(exclude=["industry"])
    assert error.value.message_dict["credit_code"] == [
        "Enterprise with this Unified social credit code already exists."
    ]


def test_problems_get_a_readable_unique_tracking_code():
    codes = {ProblemFactory().tracking_code for _ in range(20)}
    assert len(codes) == 20
    assert all(re.fullmatch(r"WQ-\d{8}-[2-9A-HJ-NP-Z]{6}", code) for code in codes)


def test_closed_problems_need_a_rating_and_rejected_ones_a_reason():
    integrity_error(ProblemFactory, status="rejected", rejection_reason="")
    integrity_error(ProblemFactory, closed=True, satisfaction="")
    integrity_error(ProblemFactory, status="resolved", resolution="")


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {"resolved": True, "resolved_on": datetime.date(1990, 1, 1)},
            "A problem cannot be resolved before it was raised.",
        ),
        (
            {"due_date": datetime.date(2022, 5, 1)},
            "The due date cannot be before the problem was raised.",
        ),
        (
            {"accepted": True, "accepted_on": datetime.date(2022, 5, 1)},
            "A problem cannot be accepted before it was raised.",
        ),
        (
            {"closed": True, "closed_on": datetime.date(2022, 6, 1)},
            "A problem cannot be closed before it was resolved.",
        ),
    ],
)
def test_problem_dates_follow_each_other(dates, message):
    """Raised on 2022-05-12 (the factory's date); each other date is before its predecessor."""
    problem = ProblemFactory.build(district=ProblemFactory().district, enterprise=None, **dates)
    with pytest.raises(ValidationError) as error:
        problem.full_clean()
    assert error.value.messages == [message]
    integrity_error(ProblemFactory, **dates)
