"""Writes with rules for the problem ledger (办结销号): raised → accepted (with an assignee
and a due date) → in progress → resolved → rated by the enterprise itself on the public
tracking page → closed by the district's reviewer; or rejected with a reason.

`PROBLEM_WORKFLOW` is the one declaration of who moves a problem from which state to which;
the services below, the admin's buttons and actions and the API's actions derive from it
(core.workflow). The public feedback page and the API's problem reports call
`problem_submit_feedback`; an official links a claimed enterprise with
`problem_confirm_enterprise`; the enterprise rates the outcome with `problem_rate`.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import PeriodVersion
from core.notify import notify
from core.roles import Role
from core.scoping import cadre_of
from core.validators import normalize_credit_code
from core.workflow import Transition, Workflow
from projects.choices import MeetingKind, WarningLight
from projects.models import Meeting, PublishedProject

from .choices import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ProblemOutcome,
    ProblemSource,
    ProblemStatus,
    Satisfaction,
)
from .models import (
    Enterprise,
    MatterCarryOver,
    Problem,
    ProblemLimit,
    Visit,
    VisitPhoto,
    new_tracking_code,
)

HANDLERS = (Role.REPORTER, Role.REVIEWER, Role.CADRE)


# What the public tells us about a problem, on the feedback page and over the API alike:
# the form and the serializer are both built from this list and the Problem model.
FEEDBACK_FIELDS = (
    "submitter_company",
    "submitter_credit_code",
    "submitter_name",
    "submitter_phone",
    "district",
    "category",
    "title",
    "description",
)
# Of those, what the public must give: officials may record a problem without the contacts,
# an enterprise reporting one must say who to call back.
FEEDBACK_REQUIRED = tuple(name for name in FEEDBACK_FIELDS if name != "submitter_credit_code")


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
    with an optional photo (an uploaded image, checked like the admin's).

    The intake rules are here and in the model's field validators, so the page and the API
    accept and refuse the same input. A credit code is the submitter's claim, not proof: the
    problem stays in the district the submitter chose, unlinked, until an official confirms
    the enterprise (`problem_confirm_enterprise`).
    """
    values = {
        "district": district,
        "title": title,
        "description": description,
        "category": category,
        "submitter_company": submitter_company,
        "submitter_credit_code": normalize_credit_code(submitter_credit_code),
        "submitter_name": submitter_name,
        "submitter_phone": submitter_phone,
    }
    values = {name: v.strip() if isinstance(v, str) else v for name, v in values.items()}
    errors = {
        name: [forms.Field.default_error_messages["required"]]
        for name in FEEDBACK_REQUIRED
        if values[name] in ("", None)
    }
    problem = Problem(source=ProblemSource.FEEDBACK, photo=photo, **values)
    try:
        problem.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    problem_intake(problem)
    for _attempt in range(5):  # a tracking-code collision is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                problem.save()
            return problem
        except IntegrityError:
            problem.tracking_code = new_tracking_code()
    raise RuntimeError("could not allocate a tracking code")


def problem_intake(problem: Problem) -> Problem:
    """What every new problem gets on intake, however it comes in (the feedback page, the
    API, the admin, an import): its unit and handler from the routing table
    (`Problem.route`) and its due dates from its category's working-day limits
    (`Problem.set_due_dates`). Not saved: the caller saves."""
    problem.route()
    problem.set_due_dates()
    return problem


def default_due_date(problem):
    """The due date of a problem accepted without one: its category's closure limit in
    working days from the day it was raised (ProblemLimit)."""
    return ProblemLimit.of(problem.category).due_dates(problem.raised_on)["due_date"]


def _required(value, field, message):
    if not (value or "").strip():
        raise ValidationError({field: message})
    return value.strip()


def _accepted(problem, user, *, assignee=None, due_date=None):
    """A cadre handles it by a due date (the one given, else the one it has, else its
    category's closure limit in working days), so it can become overdue. The assignee is
    the one chosen, else the handler the routing table gave it on intake."""
    assignee = assignee or problem.assignee
    if assignee is None:
        raise ValidationError({"assignee": _("Choose the cadre who handles the problem.")})
    problem.accepted_on = timezone.localdate()
    problem.assignee = assignee
    problem.due_date = due_date or problem.due_date or default_due_date(problem)


def _rejected(problem, user, *, reason):
    problem.rejection_reason = _required(
        reason, "rejection_reason", _("Say why the problem is not accepted.")
    )


def _resolved(problem, user, *, resolution, outcome="", outcome_note="", resolved_on=None):
    """办结 with its outcome: solved, partly solved, cannot be solved (saying why, to the
    enterprise) or unfounded; only `solved` counts towards the 解决率."""
    problem.resolution = _required(
        resolution, "resolution", _("Describe how the problem was resolved.")
    )
    if outcome not in ProblemOutcome.values:
        raise ValidationError(
            {
                "outcome": _(
                    "Choose the outcome: solved, partly solved, cannot be solved, unfounded."
                )
            }
        )
    problem.outcome = outcome
    problem.outcome_note = (outcome_note or "").strip()
    if outcome == ProblemOutcome.UNSOLVABLE and not problem.outcome_note:
        raise ValidationError(
            {"outcome_note": _("Tell the enterprise why the problem cannot be solved.")}
        )
    problem.resolved_on = resolved_on or timezone.localdate()
    if problem.resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": _("A problem cannot be resolved in the future.")})


def _rated(problem, user):
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


def _claimed_enterprise(problem, user):
    """The enterprise the submitter's credit code names, among those the user manages."""
    return (
        Enterprise.objects.managed_by(user)
        .filter(credit_code=problem.submitter_credit_code)
        .exclude(credit_code="")
        .first()
    )


def _claim_to_confirm(problem, user):
    if problem.enterprise_id is not None:
        return ValidationError({"enterprise": _("The problem is already linked to an enterprise.")})
    if _claimed_enterprise(problem, user) is None:
        return ValidationError(
            {"submitter_credit_code": _("No enterprise you manage has this credit code.")}
        )
    return None


def _linked(problem, user):
    problem.enterprise = _claimed_enterprise(problem, user)
    problem.district = problem.enterprise.district


def open_same_category(problem):
    """The enterprise's other open problems of the same category, oldest first: what an
    official sees on intake to tell a duplicate (never itself, nor another duplicate)."""
    if problem.enterprise_id is None:
        return Problem.objects.none()
    return (
        Problem.objects.filter(
            enterprise_id=problem.enterprise_id,
            category=problem.category,
            status__in=OPEN_STATUSES,
            duplicate_of__isnull=True,
        )
        .exclude(pk=problem.pk)
        .order_by("raised_on", "pk")
    )


def _not_a_duplicate(check=None):
    """A step refused on a duplicate (it follows its original), else `check`."""

    def refused(problem, user):
        if problem.duplicate_of_id is not None:
            return ValidationError(
                {
                    "duplicate_of": _(
                        "This problem is a duplicate of %(code)s and follows its status."
                    )
                    % {"code": problem.duplicate_of.tracking_code}
                }
            )
        return check(problem, user) if check else None

    return refused


def _has_candidates(problem, user):
    if open_same_category(problem).exists():
        return None
    return ValidationError(
        {"duplicate_of": _("The enterprise has no other open problem of this category.")}
    )


def duplicate_original(problem, user, code):
    """The problem `user` handles whose tracking code is `code`, which `problem` may be
    marked a duplicate of (an open one of the same enterprise and category), else a
    ValidationError on `duplicate_of`. `problem` may be a new one, not saved yet."""
    original = (
        Problem.objects.managed_by(user).filter(tracking_code=(code or "").strip().upper()).first()
    )
    if original is None or original.pk == problem.pk:
        raise ValidationError({"duplicate_of": _("No other problem you handle has this code.")})
    if not open_same_category(problem).filter(pk=original.pk).exists():
        raise ValidationError(
            {
                "duplicate_of": _(
                    "A problem is a duplicate only of an open problem of the same enterprise "
                    "and category."
                )
            }
        )
    return original


def _marked_duplicate(problem, user, *, duplicate_of):
    problem.duplicate_of = duplicate_original(problem, user, duplicate_of)
    problem.follow(problem.duplicate_of)


PROBLEM_WORKFLOW = Workflow(
    Problem,
    # A credit code in feedback is a claim: an official who checked it links the enterprise
    # (in any status; the problem moves to the enterprise's district).
    Transition(
        "confirm_enterprise",
        gettext_lazy("Confirm the enterprise"),
        sources=tuple(ProblemStatus),
        target=None,
        roles=HANDLERS,
        check=_claim_to_confirm,
        apply=_linked,
    ),
    Transition(
        "accept",
        gettext_lazy("Accept"),
        sources=(ProblemStatus.RAISED,),
        target=ProblemStatus.ACCEPTED,
        roles=HANDLERS,
        check=_not_a_duplicate(),
        apply=_accepted,
    ),
    Transition(
        "reject",
        gettext_lazy("Reject"),
        sources=(ProblemStatus.RAISED,),
        target=ProblemStatus.REJECTED,
        roles=HANDLERS,
        check=_not_a_duplicate(),
        apply=_rejected,
    ),
    Transition(
        "start",
        gettext_lazy("Start work"),
        sources=(ProblemStatus.ACCEPTED,),
        target=ProblemStatus.IN_PROGRESS,
        roles=HANDLERS,
        check=_not_a_duplicate(),
    ),
    Transition(
        "resolve",
        gettext_lazy("Resolve"),
        sources=(ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS),
        target=ProblemStatus.RESOLVED,
        roles=HANDLERS,
        check=_not_a_duplicate(),
        apply=_resolved,
    ),
    Transition(
        "close",
        gettext_lazy("Close (rated by the enterprise)"),
        sources=(ProblemStatus.RESOLVED,),
        target=ProblemStatus.CLOSED,
        roles=(Role.REVIEWER,),
        check=_not_a_duplicate(_rated),
        apply=_closed,
    ),
    # On intake an official who sees the enterprise's open problem of the same category
    # marks the new one its duplicate: it then follows that one's status (Problem.follow).
    Transition(
        "mark_duplicate",
        gettext_lazy("Mark as a duplicate"),
        sources=tuple(OPEN_STATUSES),
        target=None,
        roles=HANDLERS,
        check=_not_a_duplicate(_has_candidates),
        apply=_marked_duplicate,
    ),
)


def problem_confirm_enterprise(*, problem: Problem, user) -> Problem:
    """Link a problem to the enterprise whose credit code its submitter gave, once an official
    has checked that the enterprise did raise it; only an enterprise the official manages."""
    return PROBLEM_WORKFLOW.run("confirm_enterprise", problem, user=user)


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
    *,
    problem: Problem,
    user,
    resolution: str,
    outcome: str,
    outcome_note: str = "",
    resolved_on: datetime.date | None = None,
) -> Problem:
    """The problem is dealt with (已办结): record how, with what outcome, and when."""
    return PROBLEM_WORKFLOW.run(
        "resolve",
        problem,
        user=user,
        resolution=resolution,
        outcome=outcome,
        outcome_note=outcome_note,
        resolved_on=resolved_on,
    )


def _digits(phone):
    digits = "".join(c for c in phone or "" if c.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def same_phone(given, known):
    """Phone numbers compared by their digits (spaces, dashes and a +86 prefix aside)."""
    return len(_digits(given)) >= 5 and _digits(given) == _digits(known)


def _proved(tracking_code, phone):
    """The problem with `tracking_code`, locked, once `phone` proves the caller is the
    enterprise: the phone given with it, or the enterprise's contact phone on record."""
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
    return problem


@transaction.atomic
def problem_rate(*, tracking_code: str, phone: str, satisfaction: str) -> Problem:
    """The enterprise rates the outcome of its resolved problem itself (public tracking
    page): it proves it is the enterprise by the phone it gave (or the enterprise's contact
    phone on record). The district's reviewer then closes (销号) the problem."""
    problem = _proved(tracking_code, phone)
    if problem.status != ProblemStatus.RESOLVED or problem.satisfaction:
        raise ValidationError(
            {"satisfaction": _("Only a resolved problem not rated yet can be rated.")}
        )
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose how satisfied you are.")})
    problem.satisfaction = satisfaction
    problem.save()
    return problem


# Days after its resolution during which the enterprise may reopen a problem.
REOPEN_DAYS = 15


@transaction.atomic
def problem_reopen(*, tracking_code: str, phone: str, reason: str) -> Problem:
    """The enterprise reopens its resolved (or closed) problem within REOPEN_DAYS of the
    resolution, proving who it is as for rating (`problem_rate`) and saying why: it returns
    to its handler in progress, flagged (`reopened` counts the times), its outcome and
    rating cleared (the change history keeps them)."""
    problem = _proved(tracking_code, phone)
    reason = _required(reason, "reason", _("Say why the problem is not resolved."))
    if problem.duplicate_of_id is not None:  # a duplicate follows its original: reopen that
        original = Problem.objects.select_for_update(of=("self",)).get(pk=problem.duplicate_of_id)
        _reopen(original, reason)
        problem.refresh_from_db()
        return problem
    return _reopen(problem, reason)


def _reopen(problem, reason):
    today = timezone.localdate()
    if problem.status not in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED):
        raise ValidationError({"status": _("Only a resolved or closed problem can be reopened.")})
    if problem.resolved_on is None or (today - problem.resolved_on).days > REOPEN_DAYS:
        raise ValidationError(
            {
                "status": _(
                    "A problem can be reopened only within %(days)d days of its resolution; "
                    "please submit a new problem."
                )
                % {"days": REOPEN_DAYS}
            }
        )
    _clear_resolution(problem)
    problem.reopened += 1
    problem.reopened_on = today
    problem.reopen_reason = reason
    problem.validate_constraints()
    problem.save()
    with translation.override(settings.LANGUAGE_CODE):
        _tell_the_handler(
            problem,
            key=f"problem:{problem.pk}:reopened:{problem.reopened}",
            kind="problem_reopened",
            title=_("Reopened by the enterprise: %(title)s (%(code)s)")
            % {"title": problem.title, "code": problem.tracking_code},
            body=problem.reopen_reason,
        )
    return problem


def _tell_the_handler(problem, *, key, kind, title, body):
    """The handler's inbox (core.notify) hears that its problem came back to it."""
    user = problem.assignee.user if problem.assignee_id else None
    if user is None or not user.is_active:
        return
    notify(
        key=key,
        recipient=user,
        kind=kind,
        title=title,
        body=body,
        url=reverse("admin:enterprises_problem_change", args=[problem.pk]),
    )


def _clear_resolution(problem):
    """Back in progress with its handler: its resolution, outcome and rating cleared (the
    change history, and a carry-over's record, keep them)."""
    problem.status = ProblemStatus.IN_PROGRESS
    problem.resolution = problem.outcome = problem.outcome_note = problem.satisfaction = ""
    problem.resolved_on = problem.closed_on = None


# --- Meetings' matters: still red at the next published month, back to the next meeting ------


def next_meeting(district_id, on, *, after=None):
    """The unit's first dispatch meeting held on or after `on` (never `after` itself), or
    None while none is scheduled."""
    meetings = Meeting.objects.filter(
        district_id=district_id, kind=MeetingKind.DISPATCH, held_on__gte=on
    )
    if after is not None:
        meetings = meetings.exclude(pk=after.pk)
    return meetings.order_by("held_on", "pk").first()


def matters_judged_by(version: PeriodVersion):
    """The matters a published month judges: assigned at a dispatch meeting and resolved or
    closed in the previous published month (April, when May is published after April),
    whose project was red then (in that month's newest version) and is still red in this
    version; not carried over for this month yet. Without a previous published month
    nothing says the project was red: none. A duplicate follows its original: not judged."""
    period = version.period
    previous = (
        PeriodVersion.objects.filter(
            Q(period__year__lt=period.year)
            | Q(period__year=period.year, period__month__lt=period.month)
        )
        .select_related("period")
        .order_by("-period__year", "-period__month", "-number")
        .first()
    )
    if previous is None:
        return Problem.objects.none()
    first = datetime.date(previous.period.year, previous.period.month, 1)
    after = (first + datetime.timedelta(days=31)).replace(day=1)
    red = PublishedProject.objects.filter(project=OuterRef("project_id"), warning=WarningLight.RED)
    done = MatterCarryOver.objects.filter(problem=OuterRef("pk"), period=period)
    return Problem.objects.filter(
        Exists(red.of(previous)),
        Exists(red.of(version)),
        ~Exists(done),
        meeting__kind=MeetingKind.DISPATCH,
        status__in=DONE_STATUSES,
        duplicate_of__isnull=True,
        resolved_on__gte=first,
        resolved_on__lt=after,
    ).order_by("resolved_on", "pk")


@transaction.atomic
def matters_carry_over(*, version: PeriodVersion) -> list[MatterCarryOver]:
    """A month is published (version 1): every matter it judges (`matters_judged_by`) is
    reopened — back in progress with its handler, who is told — and carried to its unit's
    next dispatch meeting, or awaits one; the reason and the resolution it had are recorded
    (MatterCarryOver). Publishing the month again (a revision) reopens nothing twice."""
    period = version.period
    today = timezone.localdate()
    locked = matters_judged_by(version).select_for_update(of=("self",))
    records = []
    with translation.override(settings.LANGUAGE_CODE):
        for problem in locked.select_related("meeting", "assignee__user"):
            record = MatterCarryOver(
                problem=problem,
                period=period,
                meeting=problem.meeting,
                carried_to=next_meeting(problem.meeting.district_id, today, after=problem.meeting),
                carried_on=today,
                status=problem.status,
                resolution=problem.resolution,
                resolved_on=problem.resolved_on,
                outcome=problem.outcome,
                satisfaction=problem.satisfaction,
                closed_on=problem.closed_on,
            )
            reason = str(record.reason)
            _clear_resolution(problem)
            problem._change_reason = reason
            problem.save()
            record.save()
            records.append(record)
            _tell_the_handler(
                problem,
                key=f"problem:{problem.pk}:carried-over:{period.pk}",
                kind="matter_carried_over",
                title=_("Back to the next meeting: %(title)s (%(code)s)")
                % {"title": problem.title, "code": problem.tracking_code},
                body=reason,
            )
    return records


def meeting_takes_awaiting(sender, instance, **kwargs):
    """A dispatch meeting saved takes the matters of its unit awaiting the next meeting
    (carried over on or before the day it is held)."""
    if instance.kind != MeetingKind.DISPATCH:
        return
    MatterCarryOver.objects.awaiting().filter(
        meeting__district_id=instance.district_id, carried_on__lte=instance.held_on
    ).exclude(meeting=instance).update(carried_to=instance)


def problem_mark_duplicate(*, problem: Problem, user, duplicate_of: str) -> Problem:
    """Mark an open problem a duplicate of the enterprise's earlier open problem of the
    same category (by its tracking code); it follows that one's status from then on."""
    return PROBLEM_WORKFLOW.run("mark_duplicate", problem, user=user, duplicate_of=duplicate_of)


def problem_close(*, problem: Problem, user) -> Problem:
    """Close (销号) a resolved problem once the enterprise has rated the outcome itself."""
    return PROBLEM_WORKFLOW.run("close", problem, user=user)


# --- A cadre on a phone: a visit from the home page, a problem from the visit ----------------

PROBLEM_TITLE_LENGTH = 40


@transaction.atomic
def visit_record(
    *, cadre, enterprise, visited_on, mode: str, summary: str = "", photo=None
) -> Visit:
    """A cadre's visit to an enterprise (in the enterprise's district), with an optional
    photo; the model's rules (dates, photo size) apply."""
    visit = Visit(
        cadre=cadre,
        enterprise=enterprise,
        district=enterprise.district,
        visited_on=visited_on,
        mode=mode,
        summary=(summary or "").strip(),
    )
    visit.full_clean()
    visit.save()
    if photo:
        picture = VisitPhoto(visit=visit, image=photo)
        picture.full_clean()
        picture.save()
    return visit


@transaction.atomic
def problem_raise_from_visit(*, visit: Visit, user, category: str, description: str) -> Problem:
    """A problem met on a visit, raised from the visit's page: its enterprise, project and
    district are the visit's, the cadre who raises it handles it unless the routing table
    names a handler; its title is the description's first line. An intake like any other."""
    description = (description or "").strip()
    cadre = cadre_of(user)
    problem = Problem(
        title=description.splitlines()[0][:PROBLEM_TITLE_LENGTH] if description else "",
        description=description,
        category=category,
        source=ProblemSource.VISIT,
        visit=visit,
        enterprise=visit.enterprise,
        project=visit.project,
        district=visit.district,
        raised_on=timezone.localdate(),
    )
    problem_intake(problem)
    if problem.assignee_id is None and cadre is not None:
        problem.assignee = cadre
    problem.full_clean()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                problem.save()
            return problem
        except IntegrityError:
            problem.tracking_code = new_tracking_code()
    raise RuntimeError("could not allocate a tracking code")
