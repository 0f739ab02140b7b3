"""Writes with rules for the problem ledger (办结销号): raised → accepted (with an assignee
and a due date) → in progress → resolved → rated by the enterprise itself on the public
tracking page → closed by the district's reviewer; or rejected with a reason.

`PROBLEM_WORKFLOW` is the one declaration of who moves a problem from which state to which;
the services below, the admin's buttons and actions and the API's actions derive from it
(core.workflow). The public feedback page and the API's problem reports call
`problem_submit_feedback`; the enterprise rates the outcome with `problem_rate`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role
from core.validators import normalize_credit_code
from core.workflow import Transition, Workflow

from .choices import RESPONSE_DAYS, ProblemSource, ProblemStatus, Satisfaction
from .models import Enterprise, Problem, new_tracking_code

HANDLERS = (Role.REPORTER, Role.REVIEWER, Role.CADRE)


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
    credit_code = normalize_credit_code(submitter_credit_code)
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


def _required(value, field, message):
    if not (value or "").strip():
        raise ValidationError({field: message})
    return value.strip()


def _accepted(problem, user, *, assignee=None, due_date=None):
    """A cadre handles it by a due date (the one given, else the one it has, else its
    category's response time), so it can become overdue."""
    if assignee is None:
        raise ValidationError({"assignee": _("Choose the cadre who handles the problem.")})
    problem.accepted_on = timezone.localdate()
    problem.assignee = assignee
    problem.due_date = (
        due_date or problem.due_date or default_due_date(problem, problem.accepted_on)
    )


def _rejected(problem, user, *, reason):
    problem.rejection_reason = _required(
        reason, "rejection_reason", _("Say why the problem is not accepted.")
    )


def _resolved(problem, user, *, resolution, resolved_on=None):
    problem.resolution = _required(
        resolution, "resolution", _("Describe how the problem was resolved.")
    )
    problem.resolved_on = resolved_on or timezone.localdate()
    if problem.resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": _("A problem cannot be resolved in the future.")})


def _rated(problem):
    if problem.satisfaction:
        return None
    return ValidationError(
        {
            "satisfaction": _(
                "The enterprise has not rated the outcome yet: it rates it on the public "
                "tracking page with its tracking code."
            )
        }
    )


def _closed(problem, user):
    problem.closed_on = timezone.localdate()


PROBLEM_WORKFLOW = Workflow(
    Problem,
    Transition(
        "accept",
        gettext_lazy("Accept"),
        sources=(ProblemStatus.RAISED,),
        target=ProblemStatus.ACCEPTED,
        roles=HANDLERS,
        apply=_accepted,
    ),
    Transition(
        "reject",
        gettext_lazy("Reject"),
        sources=(ProblemStatus.RAISED,),
        target=ProblemStatus.REJECTED,
        roles=HANDLERS,
        apply=_rejected,
    ),
    Transition(
        "start",
        gettext_lazy("Start work"),
        sources=(ProblemStatus.ACCEPTED,),
        target=ProblemStatus.IN_PROGRESS,
        roles=HANDLERS,
    ),
    Transition(
        "resolve",
        gettext_lazy("Resolve"),
        sources=(ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS),
        target=ProblemStatus.RESOLVED,
        roles=HANDLERS,
        apply=_resolved,
    ),
    Transition(
        "close",
        gettext_lazy("Close (rated by the enterprise)"),
        sources=(ProblemStatus.RESOLVED,),
        target=ProblemStatus.CLOSED,
        roles=(Role.REVIEWER,),
        precondition=_rated,
        apply=_closed,
    ),
)


def problem_accept(*, problem: Problem, user, assignee=None, due_date=None) -> Problem:
    """Take a raised problem into the ledger, assigning a cadre (and a due date)."""
    return PROBLEM_WORKFLOW.run("accept", problem, user=user, assignee=assignee, due_date=due_date)


def problem_reject(*, problem: Problem, user, reason: str) -> Problem:
    """Decline a raised problem (不予受理); the reason is shown to the enterprise."""
    return PROBLEM_WORKFLOW.run("reject", problem, user=user, reason=reason)


def problem_start(*, problem: Problem, user) -> Problem:
    """Work on an accepted problem has begun."""
    return PROBLEM_WORKFLOW.run("start", problem, user=user)


def problem_resolve(
    *, problem: Problem, user, resolution: str, resolved_on: datetime.date | None = None
) -> Problem:
    """The problem is solved (已办结): record how and when."""
    return PROBLEM_WORKFLOW.run(
        "resolve", problem, user=user, resolution=resolution, resolved_on=resolved_on
    )


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


def problem_close(*, problem: Problem, user) -> Problem:
    """Close (销号) a resolved problem once the enterprise has rated the outcome itself."""
    return PROBLEM_WORKFLOW.run("close", problem, user=user)
