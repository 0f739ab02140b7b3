"""Coded values of the "万人助万企" campaign: stable English codes, Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    INSTITUTE = "institute", _("Research institute")


class AssignmentRole(models.TextChoices):
    HELPER = "helper", _("Helping cadre")
    CHIEF_SERVICE_OFFICER = "chief_service_officer", _("Chief service officer")
    LEADER = "leader", _("Leader in charge")


class VisitMode(models.TextChoices):
    VISIT = "visit", _("On-site visit")
    CALL = "call", _("Phone call")
    MEETING = "meeting", _("Meeting")


class ProblemCategory(models.TextChoices):
    LABOUR = "labour", _("Labour")
    FUNDING = "funding", _("Funding")
    LAND = "land", _("Land")
    APPROVAL = "approval", _("Approvals")
    TRANSPORT = "transport", _("Transport")
    POWER = "power", _("Electricity")
    POLICY = "policy", _("Policy")
    OTHER = "other", _("Other")


class ProblemSource(models.TextChoices):
    VISIT = "visit", _("Visit")
    FEEDBACK = "feedback", _("Feedback")
    SYMPOSIUM = "symposium", _("Symposium")
    DISPATCH = "dispatch", _("Dispatch meeting")


class ProblemStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


# Accepted at some point and not rejected: the denominator of the resolution rate.
ACCEPTED_STATUSES = [
    ProblemStatus.ACCEPTED,
    ProblemStatus.IN_PROGRESS,
    ProblemStatus.RESOLVED,
    ProblemStatus.CLOSED,
]
DONE_STATUSES = [ProblemStatus.RESOLVED, ProblemStatus.CLOSED]
OPEN_STATUSES = [ProblemStatus.RAISED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS]


class ProblemOutcome(models.TextChoices):
    """How a resolved problem ended (办结 is not always 解决): the enterprise reads it."""

    SOLVED = "solved", _("Solved")
    PARTLY_SOLVED = "partly_solved", _("Partly solved")
    UNSOLVABLE = "unsolvable", _("Cannot be solved")
    UNFOUNDED = "unfounded", _("Unfounded")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


SATISFIED_VALUES = [Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED]


class SupportKind(models.TextChoices):
    TAX_RELIEF = "tax_relief", _("Tax refunds and fee cuts")
    LOAN = "loan", _("Loan")
    SUBSIDY = "subsidy", _("Award or subsidy")
    RECRUITMENT = "recruitment", _("Recruitment")
    LAND = "land", _("Land supply")
    OTHER = "other", _("Other")
