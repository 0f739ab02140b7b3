"""stats/milestones.py: milestones of a year, 开工率 and 投产率."""

import datetime
from decimal import Decimal

import pytest

from core.period import Period
from projects.choices import MilestoneKind
from stats.milestones import milestone_stats, start_and_production_rates
from tests.factories import (
    DistrictFactory,
    MilestoneFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


def test_milestones_and_start_rates():
    district = DistrictFactory()
    as_of = datetime.date(2022, 6, 30)  # June's figures stand at its last day
    started = ProjectFactory(
        district=district,
        planned_start=datetime.date(2022, 3, 1),
        actual_start=datetime.date(2022, 3, 5),
    )
    ProjectFactory(district=district, planned_start=datetime.date(2022, 4, 1), actual_start=None)
    ProjectFactory(district=district, planned_start=datetime.date(2022, 9, 1))  # not yet due
    MilestoneFactory(
        project=started,
        kind=MilestoneKind.PRODUCTION,
        planned_date=datetime.date(2022, 6, 1),
        actual_date=datetime.date(2022, 6, 2),
    )
    MilestoneFactory(
        project=started, kind=MilestoneKind.PRODUCTION, planned_date=datetime.date(2022, 6, 20)
    )
    MilestoneFactory(
        project=started, kind=MilestoneKind.COMPLETION, planned_date=datetime.date(2022, 7, 20)
    )
    rates = start_and_production_rates(period=Period(2022, as_of.month), district=district)
    assert rates["planned_starts"] == 2 and rates["started"] == 1
    assert rates["start_rate"] == D("50.0")
    assert rates["production_rate"] == D("50.0")
    assert milestone_stats(period=Period(2022, as_of.month), district=district) == {
        "total": 3,
        "done": 1,
        "overdue": 1,
        "due_soon": 1,
    }
