"""`load()`: the demo data set written table by table through the one generic upsert."""

from typing import NamedTuple

from django.apps import apps
from django.db import transaction

from core.models import PeriodStatus, ReportingPeriod
from core.roles import acting_user
from core.services import period_close

from .dataset import Builder
from .upsert import Upsert

CHANGE_REASON = "Demo data (load_demo)"


class Table(NamedTuple):
    """Where a list of `DemoData` goes (a model label), and the natural key its rows are
    matched on."""

    rows: str
    model: str
    key: tuple
    alias: str | None = None
    among: dict | None = None


# In writing order: every foreign key points at a table written before.
TABLES = (
    Table("reporting_periods", "core.ReportingPeriod", ("year", "month")),
    Table("districts", "districts.District", ("code",)),
    Table("industries", "projects.Industry", ("code",)),
    Table("labels", "enterprises.EnterpriseLabel", ("code",)),
    Table("enterprises", "enterprises.Enterprise", ("credit_code",), alias="key"),
    Table("enterprise_labels", "enterprises.Enterprise_labels", ("enterprise", "enterpriselabel")),
    Table("projects", "projects.Project", ("code",)),
    Table("plans", "projects.AnnualPlan", ("project", "year")),
    Table("reports", "projects.ProgressReport", ("project", "year", "month")),
    Table("milestones", "projects.Milestone", ("project", "kind", "name")),
    Table("funding", "projects.Funding", ("project", "kind", "year")),
    Table("required_approvals", "projects.RequiredApproval", ("category", "kind")),
    Table("approvals", "projects.ApprovalItem", ("project", "kind", "name")),
    Table("pool_reviews", "projects.PoolReview", ("project",)),
    Table("resource_needs", "projects.ResourceNeed", ("project", "kind")),
    Table("rounds", "projects.Round", ("code",)),
    Table("round_entries", "projects.RoundEntry", ("round", "project", "round_list")),
    # A real cadre who shares a sample cadre's name is never taken for it.
    Table("cadres", "enterprises.Cadre", ("district", "name"), among={"is_sample": True}),
    Table("assignments", "enterprises.Assignment", ("cadre", "enterprise", "project", "role")),
    Table("meetings", "projects.Meeting", ("district", "held_on", "title")),
    Table("visits", "enterprises.Visit", ("cadre", "enterprise", "project", "visited_on")),
    Table("problem_routes", "enterprises.ProblemRoute", ("district", "category")),
    Table("problems", "enterprises.Problem", ("tracking_code",)),
    Table("carry_overs", "enterprises.MatterCarryOver", ("problem", "period")),
    Table("support", "enterprises.Support", ("enterprise", "kind", "granted_on", "description")),
)


@transaction.atomic
def load(data=None):
    """Write the demo data set; returns the Upsert with created/updated counts per model."""
    data = data or Builder().build()
    upsert = Upsert(change_reason=CHANGE_REASON)
    for table in TABLES:
        model = apps.get_model(table.model)
        rows = getattr(data, table.rows)
        upsert(model, rows, table.key, alias=table.alias, among=table.among)
    close_periods(data.closed_periods)
    return upsert


def close_periods(months):
    """Close (and so publish) the months the data set has closed, oldest first, as the city
    administrator would; a month closed already stays as it is."""
    city = acting_user("load_demo")
    for year, month in months:
        period = ReportingPeriod.objects.get(year=year, month=month)
        if period.status != PeriodStatus.CLOSED:
            period_close(period=period, user=city)
