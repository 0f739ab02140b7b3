"""Coded values of key projects: stable English codes (API, imports), Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    NATIONAL = "national", _("National key")
    PROVINCIAL = "provincial", _("Provincial key")
    CITY = "city", _("City key")
    DISTRICT = "district", _("District key")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RESERVE = "reserve", _("Reserve")
    PRELIMINARY = "preliminary", _("Preliminary work")
    SIGNED = "signed", _("Signed")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")
    AT_CAPACITY = "at_capacity", _("At full capacity")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


# The pipeline before signing (储备, 前期): projects proposed for the city's pool (入库) and,
# once approved there, the candidates of a round's "signed" list (projects.pipeline).
PIPELINE_STAGES = [Stage.RESERVE, Stage.PRELIMINARY]
# Stages at which a project has started construction (开工).
STARTED_STAGES = [
    Stage.UNDER_CONSTRUCTION,
    Stage.COMPLETED,
    Stage.IN_PRODUCTION,
    Stage.AT_CAPACITY,
]
# Stages at which a project is producing (投产).
PRODUCING_STAGES = [Stage.IN_PRODUCTION, Stage.AT_CAPACITY]


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SOCIAL = "social", _("Social undertaking")


class Nature(models.TextChoices):
    NEW = "new", _("New")
    CONTINUING = "continuing", _("Continuing")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class MilestoneKind(models.TextChoices):
    SIGNING = "signing", _("Contract signed")
    APPROVAL = "approval", _("Approvals completed")
    START = "start", _("Construction start")
    MAIN_STRUCTURE = "main_structure", _("Main structure finished")
    COMPLETION = "completion", _("Completion")
    PRODUCTION = "production", _("Production start")
    FULL_CAPACITY = "full_capacity", _("Full capacity")
    OTHER = "other", _("Other")


class FundingKind(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central budget funds")
    SPECIAL_BOND = "special_bond", _("Local government special bonds")
    PROVINCIAL = "provincial", _("Provincial funds")
    INDUSTRY_FUND = "industry_fund", _("Industry fund")
    BANK_LOAN = "bank_loan", _("Bank loans")
    SELF_RAISED = "self_raised", _("Self-raised by the enterprise")
    OTHER = "other", _("Other")


class ApprovalKind(models.TextChoices):
    PROJECT_APPROVAL = "project_approval", _("Project approval or filing")
    LAND = "land", _("Land use")
    PLANNING = "planning", _("Planning permit")
    ENVIRONMENT = "environment", _("Environmental assessment")
    ENERGY = "energy", _("Energy assessment")
    CONSTRUCTION_PERMIT = "construction_permit", _("Construction permit")
    OTHER = "other", _("Other")


class RoundList(models.TextChoices):
    """The three lists of a "三个一批" round (签约一批, 开工一批, 投产一批)."""

    SIGNED = "signed", pgettext_lazy("round list", "Signed")
    STARTED = "started", pgettext_lazy("round list", "Started")
    IN_PRODUCTION = "in_production", pgettext_lazy("round list", "Put into production")


class WarningLight(models.TextChoices):
    """预警: a project's warning light for a month (projects.progress.annotate_progress)."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class MeetingKind(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatch meeting")
    SYMPOSIUM = "symposium", _("Symposium")
    SPECIAL = "special", _("Special meeting")
    OTHER = "other", _("Other")


class PoolReviewStatus(models.TextChoices):
    """入库: a reserve project proposed for the city's project pool, approved or returned."""

    PROPOSED = "proposed", pgettext_lazy("pool review", "Proposed")
    APPROVED = "approved", pgettext_lazy("pool review", "In the pool")
    RETURNED = "returned", pgettext_lazy("pool review", "Returned")


class ResourceKind(models.TextChoices):
    """要素保障: the factors a project needs and dispatch meetings argue about."""

    LAND = "land", _("Land")
    ENERGY = "energy", _("Energy use")
    EMISSIONS = "emissions", _("Emission allowance")
    POWER = "power", _("Power capacity")
    WATER = "water", _("Water")
    FUNDING = "funding", _("Funding")


# Each factor's unit: the API's stable unit (the Chinese unit itself) and its label.
RESOURCE_UNITS = {
    ResourceKind.LAND: ("亩", _("mu")),
    ResourceKind.ENERGY: ("吨标煤", _("t of standard coal")),
    ResourceKind.EMISSIONS: ("吨", _("t")),
    ResourceKind.POWER: ("千伏安", _("kVA")),
    ResourceKind.WATER: ("万吨", _("10k t")),
    ResourceKind.FUNDING: ("万元", _("10k yuan")),
}
