"""Writes with rules before a project is signed: the city's project pool (入库), the 前期手续
checklist a pooled project gets, and the "三个一批" lists fed from the pipeline.

`POOL_WORKFLOW` is the one declaration of the 入库 review (core.workflow): a district
reporter proposes one of its reserve (储备) or preliminary (前期) projects for the pool; a
city administrator approves it (入库) or returns it with a reason; a returned proposal may be
proposed again. Four eyes, as for reports: whoever proposed it cannot approve it. Approval
attaches the city's list of required approvals for the project's category
(`preliminary_checklist_apply`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.scoping import may_act_as
from core.workflow import Transition, Workflow

from .choices import PIPELINE_STAGES, PoolReviewStatus, RoundList, Stage
from .models import ApprovalItem, PoolReview, Project, RequiredApproval, Round, RoundEntry


def _in_pipeline(review, user):
    if review.project.stage not in PIPELINE_STAGES:
        return ValidationError(
            {
                "status": gettext(
                    "Only a reserve or preliminary-work project may be proposed for the pool."
                )
            }
        )
    return None


def _proposed(review, user, *, reason=""):
    review.proposed_by = user
    review.proposed_at = timezone.now()
    review.reason = (reason or "").strip() or review.reason
    review.return_reason = ""


def _four_eyes(review, user):
    if user.pk == review.proposed_by_id:
        return PermissionDenied(
            gettext("Four eyes: whoever proposed a project for the pool cannot approve it.")
        )
    return None


def _approved(review, user):
    review.reviewed_by = user
    review.reviewed_at = timezone.now()
    review.return_reason = ""
    preliminary_checklist_apply(project=review.project)


def _returned(review, user, *, reason):
    if not (reason or "").strip():
        raise ValidationError({"return_reason": gettext("Say why the proposal is returned.")})
    review.reviewed_by = user
    review.reviewed_at = timezone.now()
    review.return_reason = reason.strip()


POOL_WORKFLOW = Workflow(
    PoolReview,
    Transition(
        "propose",
        _("Propose for the pool again"),
        sources=(PoolReviewStatus.RETURNED,),
        target=PoolReviewStatus.PROPOSED,
        roles=(Role.REPORTER,),
        apply=_proposed,
        check=_in_pipeline,
    ),
    Transition(
        "approve",
        _("Approve into the pool"),
        sources=(PoolReviewStatus.PROPOSED,),
        target=PoolReviewStatus.APPROVED,
        roles=(Role.CITY_ADMIN,),
        apply=_approved,
        check=lambda review, user: _four_eyes(review, user) or _in_pipeline(review, user),
    ),
    Transition(
        "return",
        _("Return to the unit"),
        sources=(PoolReviewStatus.PROPOSED,),
        target=PoolReviewStatus.RETURNED,
        roles=(Role.CITY_ADMIN,),
        apply=_returned,
    ),
)


@transaction.atomic
def pool_propose(*, project: Project, user, reason: str = "") -> PoolReview:
    """A district reporter proposes a reserve or preliminary project for the city's pool; a
    returned proposal is proposed again (the same review, its history kept)."""
    if not (
        may_act_as(user, Role.REPORTER)
        and Project.objects.managed_by(user).filter(pk=project.pk).exists()
    ):
        raise PermissionDenied(gettext("Only the project's district may propose it for the pool."))
    review = PoolReview.objects.filter(project=project).first()
    if review is not None:
        return POOL_WORKFLOW.run("propose", review, user=user, reason=reason)
    review = PoolReview(project=project, status=PoolReviewStatus.PROPOSED)
    refusal = _in_pipeline(review, user)
    if refusal is not None:
        raise refusal
    _proposed(review, user, reason=reason)
    review.full_clean()
    review.save()
    return review


def pool_approve(*, review: PoolReview, reviewer) -> PoolReview:
    """The city approves a proposal: the project is in the pool (入库)."""
    return POOL_WORKFLOW.run("approve", review, user=reviewer)


def pool_return(*, review: PoolReview, reviewer, reason: str) -> PoolReview:
    """The city returns a proposal to the unit with a reason."""
    return POOL_WORKFLOW.run("return", review, user=reviewer, reason=reason)


@transaction.atomic
def preliminary_checklist_apply(*, project: Project) -> int:
    """The city's required approvals for the project's category, on the project: an item of
    a listed kind is marked required, a missing one is added (not yet applied for). Returns
    how many items were added."""
    listed = RequiredApproval.objects.filter(category=project.category)
    ApprovalItem.objects.filter(
        project=project, kind__in=listed.values("kind"), required=False
    ).update(required=True)
    present = set(
        ApprovalItem.objects.filter(project=project).values_list("kind", flat=True).distinct()
    )
    added = 0
    for requirement in listed.exclude(kind__in=present):
        ApprovalItem(
            project=project,
            kind=requirement.kind,
            name=requirement.name,
            required=True,
            legal_days=requirement.legal_days,
            promised_days=requirement.promised_days,
        ).save()
        added += 1
    return added


def in_pool():
    """Projects the city approved into its pool (入库)."""
    return Q(pool_review__status=PoolReviewStatus.APPROVED)


# What each list of a round takes from the pipeline: the signed list, pooled projects not
# signed yet; the started list, signed projects; the production list, projects built.
CANDIDATES = {
    RoundList.SIGNED: in_pool() & Q(stage__in=PIPELINE_STAGES),
    RoundList.STARTED: Q(stage=Stage.SIGNED),
    RoundList.IN_PRODUCTION: Q(stage__in=[Stage.UNDER_CONSTRUCTION, Stage.COMPLETED]),
}


def round_candidates(*, round_: Round, round_list: str, projects=None):
    """Projects that may go on `round_list` of `round_`: those the list takes from the
    pipeline (CANDIDATES), of the round's district (any for a city-wide round), not on that
    list of the round yet. `projects` limits them (a viewer's or manager's scope)."""
    projects = Project.objects.all() if projects is None else projects
    listed = RoundEntry.objects.filter(round=round_, round_list=round_list, project=OuterRef("pk"))
    candidates = projects.filter(CANDIDATES[round_list]).exclude(Exists(listed))
    if round_.district_id is not None:
        candidates = candidates.filter(district_id=round_.district_id)
    return candidates.order_by("district__order", "code")


@transaction.atomic
def round_fill(*, round_: Round, round_list: str, user) -> int:
    """Put every candidate the user manages on `round_list` of the round (the 三个一批 list
    fed from the pipeline); returns how many were added."""
    if not may_act_as(user, Role.REPORTER):
        raise PermissionDenied(gettext("Only officials who keep the lists may fill them."))
    candidates = round_candidates(
        round_=round_, round_list=round_list, projects=Project.objects.managed_by(user)
    )
    entries = [
        RoundEntry(round=round_, project=project, round_list=round_list) for project in candidates
    ]
    for entry in entries:
        entry.full_clean()
        entry.save()
    return len(entries)
