"""Writes with rules for the problem ledger (办结销号): raised → accepted → in progress →
resolved → closed once the enterprise rates it; or rejected with a reason.

Admin actions, the API and the public feedback page call these; each is atomic.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from core.scoping import has_role

from .choices import ProblemSource, ProblemStatus
from .models import Enterprise, Problem, new_tracking_code

HANDLERS = (Role.REPORTER, Role.REVIEWER, Role.CADRE)


def _require_handler(problem, user, roles=HANDLERS):
    if not has_role(user, *roles, district=problem.district_id):
        raise PermissionDenied(_("You may not handle this problem."))
    if roles == HANDLERS and has_role(user, Role.CADRE) and not has_role(user, Role.CITY_ADMIN):
        if not Problem.objects.managed_by(user).filter(pk=problem.pk).exists():
            raise PermissionDenied(_("You may not handle this problem."))


def _move(problem, allowed, target):
    if problem.status not in allowed:
        raise ValidationError(
            {
                "status": _("A problem that is “%(current)s” cannot become “%(target)s”.")
                % {"current": problem.get_status_display(), "target": target.label}
            }
        )
    problem.status = target


@transaction.atomic
def problem_submit_feedback(
    *,
    district,
    title: str,
    description: str,
    category: str,
    submitter_company: str,
    submitter_credit_code: str = "",
    submitter_name: str = "",
    submitter_phone: str = "",
    photo=None,
) -> Problem:
    """An enterprise reports a problem from the public site; it enters the ledger as raised,
    with an optional photo (an uploaded image, checked like the admin's)."""
    credit_code = (submitter_credit_code or "").strip().upper()
    enterprise = Enterprise.objects.filter(credit_code=credit_code).first() if credit_code else None
    problem = Problem(
        title=title,
        description=description,
        category=category,
        source=ProblemSource.FEEDBACK,
        district=enterprise.district if enterprise else district,
        enterprise=enterprise,
        submitter_company=submitter_company,
        submitter_credit_code=credit_code,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        photo=photo,
    )
    problem.full_clean()
    for _attempt in range(5):  # a tracking-code collision is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                problem.save()
            return problem
        except IntegrityError:
            problem.tracking_code = new_tracking_code()
    raise RuntimeError("could not allocate a tracking code")


@transaction.atomic
def problem_accept(*, problem: Problem, user, assignee=None, due_date=None) -> Problem:
    """Take a raised problem into the ledger, optionally assigning a cadre and a due date."""
    _require_handler(problem, user)
    _move(problem, [ProblemStatus.RAISED], ProblemStatus.ACCEPTED)
    problem.accepted_on = timezone.localdate()
    if assignee is not None:
        problem.assignee = assignee
    if due_date is not None:
        problem.due_date = due_date
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def problem_reject(*, problem: Problem, user, reason: str) -> Problem:
    """Decline a raised problem (不予受理); the reason is shown to the enterprise."""
    _require_handler(problem, user)
    if not (reason or "").strip():
        raise ValidationError({"rejection_reason": _("Say why the problem is not accepted.")})
    _move(problem, [ProblemStatus.RAISED], ProblemStatus.REJECTED)
    problem.rejection_reason = reason.strip()
    problem.save()
    return problem


@transaction.atomic
def problem_start(*, problem: Problem, user) -> Problem:
    """Work on an accepted problem has begun."""
    _require_handler(problem, user)
    _move(problem, [ProblemStatus.ACCEPTED], ProblemStatus.IN_PROGRESS)
    problem.save()
    return problem


@transaction.atomic
def problem_resolve(
    *, problem: Problem, user, resolution: str, resolved_on: datetime.date | None = None
) -> Problem:
    """The problem is solved (已办结): record how and when."""
    _require_handler(problem, user)
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Describe how the problem was resolved.")})
    _move(problem, [ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS], ProblemStatus.RESOLVED)
    problem.resolution = resolution.strip()
    problem.resolved_on = resolved_on or timezone.localdate()
    problem.save()
    return problem


@transaction.atomic
def problem_close(*, problem: Problem, user, satisfaction: str) -> Problem:
    """Close (销号) a resolved problem once the enterprise has rated the outcome."""
    _require_handler(problem, user, roles=(Role.REVIEWER,))
    if not satisfaction:
        raise ValidationError({"satisfaction": _("Record the enterprise's satisfaction first.")})
    _move(problem, [ProblemStatus.RESOLVED], ProblemStatus.CLOSED)
    problem.satisfaction = satisfaction
    problem.closed_on = timezone.localdate()
    problem.full_clean()
    problem.save()
    return problem
