"""Writes with rules for the problem ledger (办结销号): raised → accepted (with an assignee
and a due date) → in progress → resolved → rated by the enterprise itself on the public
tracking page → closed by the district's reviewer; or rejected with a reason.

Admin actions, the API and the public feedback page call these; each is atomic.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from core.scoping import has_role

from .choices import RESPONSE_DAYS, ProblemSource, ProblemStatus, Satisfaction
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


def default_due_date(problem, accepted_on):
    """The due date of a problem accepted without one: its category's response time."""
    return accepted_on + datetime.timedelta(days=RESPONSE_DAYS[problem.category])


@transaction.atomic
def problem_accept(*, problem: Problem, user, assignee=None, due_date=None) -> Problem:
    """Take a raised problem into the ledger: a cadre handles it by a due date (the one given,
    else the one it has, else its category's response time), so it can become overdue."""
    _require_handler(problem, user)
    _move(problem, [ProblemStatus.RAISED], ProblemStatus.ACCEPTED)
    if assignee is None:
        raise ValidationError({"assignee": _("Choose the cadre who handles the problem.")})
    problem.accepted_on = timezone.localdate()
    problem.assignee = assignee
    problem.due_date = (
        due_date or problem.due_date or default_due_date(problem, problem.accepted_on)
    )
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


def _digits(phone):
    digits = "".join(c for c in phone or "" if c.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def same_phone(given, known):
    """Phone numbers compared by their digits (spaces, dashes and a +86 prefix aside)."""
    return len(_digits(given)) >= 5 and _digits(given) == _digits(known)


@transaction.atomic
def problem_rate(*, tracking_code: str, phone: str, satisfaction: str) -> Problem:
    """The enterprise rates the outcome of its resolved problem itself (public tracking
    page): it proves it is the enterprise by the phone it gave (or the enterprise's contact
    phone on record). The district's reviewer then closes (销号) the problem."""
    problem = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .filter(tracking_code=(tracking_code or "").strip().upper())
        .first()
    )
    known = [] if problem is None else [problem.submitter_phone]
    if problem is not None and problem.enterprise:
        known.append(problem.enterprise.contact_phone)
    if not any(same_phone(phone, number) for number in known):
        raise ValidationError({"phone": _("This is not the phone given with this problem.")})
    if problem.status != ProblemStatus.RESOLVED or problem.satisfaction:
        raise ValidationError(
            {"satisfaction": _("Only a resolved problem not rated yet can be rated.")}
        )
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose how satisfied you are.")})
    problem.satisfaction = satisfaction
    problem.save()
    return problem


@transaction.atomic
def problem_close(*, problem: Problem, user) -> Problem:
    """Close (销号) a resolved problem once the enterprise has rated the outcome itself."""
    _require_handler(problem, user, roles=(Role.REVIEWER,))
    if problem.status == ProblemStatus.RESOLVED and not problem.satisfaction:
        raise ValidationError(
            {
                "satisfaction": _(
                    "The enterprise has not rated the outcome yet: it rates it on the public "
                    "tracking page with its tracking code."
                )
            }
        )
    _move(problem, [ProblemStatus.RESOLVED], ProblemStatus.CLOSED)
    problem.closed_on = timezone.localdate()
    problem.full_clean()
    problem.save()
    return problem
