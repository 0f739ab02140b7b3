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
    SIGNED = "signed", _("Signed")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")
    AT_CAPACITY = "at_capacity", _("At full capacity")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


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
