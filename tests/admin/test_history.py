"""Change history (django-simple-history) on every record whose values feed a figure, and a
history page that reads right: an empty link is "—" and times are local (Asia/Shanghai)."""

import datetime
from decimal import Decimal

import pytest

from core.roles import Role
from enterprises.models import Assignment, Cadre, Enterprise, Support, Visit
from projects.choices import ReportStatus
from projects.models import AnnualPlan, ApprovalItem, Funding, Milestone
from tests import factories

from .helpers import admin_url, client_for, make_official

pytestmark = pytest.mark.django_db

# model, its factory, a field that feeds a figure and a new value for it
FIGURE_RECORDS = [
    (AnnualPlan, factories.AnnualPlanFactory, "planned_investment", Decimal("4321.00")),
    (Funding, factories.FundingFactory, "secured", Decimal("8765.00")),
    (Milestone, factories.MilestoneFactory, "actual_date", datetime.date(2022, 9, 1)),
    (ApprovalItem, factories.ApprovalItemFactory, "promised_days", 12),
    (Support, factories.SupportFactory, "amount", Decimal("66.00")),
    (Visit, factories.VisitFactory, "visited_on", datetime.date(2022, 5, 6)),
    (Assignment, factories.AssignmentFactory, "start", datetime.date(2022, 2, 3)),
    (Enterprise, factories.EnterpriseFactory, "name", "濮阳市新名称化工有限公司"),
    (Cadre, factories.CadreFactory, "post", "副局长"),
]


@pytest.fixture
def city_admin():
    return make_official(Role.CITY_ADMIN, username="history-admin")


@pytest.mark.parametrize(
    "model, factory, field, value", FIGURE_RECORDS, ids=[m.__name__ for m, *_ in FIGURE_RECORDS]
)
def test_who_changed_what_old_to_new(city_admin, model, factory, field, value):
    obj = factory()
    old = getattr(obj, field)
    setattr(obj, field, value)
    obj._history_user = city_admin
    obj.save()
    assert [row.history_type for row in obj.history.all()] == ["~", "+"]
    response = client_for(city_admin).get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "history-admin" in html
    assert old != value
    label = str(model._meta.get_field(field).verbose_name)
    assert f"<strong>{label[0].upper()}{label[1:]}:</strong>" in html  # field: old → new
    assert "&rarr;" in html


def test_an_empty_link_and_a_time_read_right_in_the_history(city_admin):
    report = factories.ProgressReportFactory(year=2022, month=3)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = city_admin
    report.submitted_at = datetime.datetime(2022, 4, 2, 1, 30, tzinfo=datetime.UTC)
    report.save()
    response = client_for(city_admin).get(admin_url(type(report), "history", report.pk))
    html = response.content.decode()
    assert "pk=None" not in html
    assert "—" in html
    assert "9:30" in html  # 01:30 UTC is 09:30 in Asia/Shanghai
    assert "01:30" not in html and "+00:00" not in html
