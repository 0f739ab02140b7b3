"""stats/funding.py: secured and disbursed funding by kind and pooled (支出比例)."""

from decimal import Decimal

import pytest

from core.period import Period
from projects.choices import FundingKind
from stats.funding import funding_stats
from tests.factories import (
    DistrictFactory,
    FundingFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


def test_funding_by_kind_and_pooled():
    district = DistrictFactory()
    project = ProjectFactory(district=district)
    FundingFactory(project=project, kind=FundingKind.CENTRAL_BUDGET, secured=100, disbursed=90)
    FundingFactory(project=project, kind=FundingKind.CENTRAL_BUDGET, secured=100, disbursed=70)
    FundingFactory(project=project, kind=FundingKind.SPECIAL_BOND, secured=300, disbursed=300)
    FundingFactory(project=project, kind=FundingKind.BANK_LOAN, year=2023, secured=5, disbursed=5)
    FundingFactory(kind=FundingKind.SPECIAL_BOND, secured=1000, disbursed=0)  # other district
    figures = funding_stats(period=Period(2022, 12), district=district)
    assert figures["secured"] == D("500.00")
    assert figures["disbursed"] == D("460.00")
    assert figures["disbursement_rate"] == D("92.0")
    kinds = {row["kind"]: row for row in figures["by_kind"]}
    assert kinds["central_budget"]["disbursement_rate"] == D("80.0")
    assert kinds["special_bond"]["disbursed"] == D("300.00")
    assert kinds["bank_loan"]["secured"] == D("0.00")
    assert kinds["bank_loan"]["disbursement_rate"] is None
    assert [row["kind"] for row in figures["by_kind"]] == [k.value for k in FundingKind]
