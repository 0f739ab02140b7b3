"""Rules of the campaign's models (enterprises/models.py), whatever the write path."""

import re

import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise, validate_credit_code
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


def test_credit_code_is_stored_upper_case():
    enterprise = EnterpriseFactory(credit_code="91350100m000100y43")
    assert Enterprise.objects.get(pk=enterprise.pk).credit_code == "91350100M000100Y43"


def test_problems_get_a_readable_unique_tracking_code():
    codes = {ProblemFactory().tracking_code for _ in range(20)}
    assert len(codes) == 20
    assert all(re.fullmatch(r"WQ-\d{8}-[2-9A-HJ-NP-Z]{6}", code) for code in codes)


def test_closed_problems_need_a_rating_and_rejected_ones_a_reason():
    integrity_error(ProblemFactory, status="rejected", rejection_reason="")
    integrity_error(ProblemFactory, closed=True, satisfaction="")
    integrity_error(ProblemFactory, status="resolved", resolution="")
