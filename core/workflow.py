"""Workflows declared once, as a table of steps, from which services, admin and API derive.

A `Workflow` is a model's state field and its `Transition`s. Each transition says which
states it leaves (`sources`), which state it reaches (`target`; None for a step that leaves
the state as it is), which roles may take it (`roles`; city administrators act in every
role) and, where needed, a `check` of what else must hold (a rating before closing, four
eyes before approving). Which rows a user may act on is the scoping gate's
`managed_by(user)`. From the one table:

- the services take a step with `Workflow.run`, which re-reads the row with
  SELECT … FOR UPDATE inside the transaction and checks everything on that locked row, so
  two people (or one double click) acting at once cannot both succeed;
- the admin shows exactly `Workflow.allowed(row, user)` as buttons and
  `Workflow.offered_to(user)` as list actions (core.admin.scoping.WorkflowAdminMixin);
- the API has one POST action per transition (core.api.base.WorkflowActionsMixin).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.http import Http404
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext

from .roles import Role
from .scoping import may_act_as

# sender: the model; row: the row after the step, saved; step: the transition's name; user.
# Sent inside the step's transaction: a receiver's writes stand or fall with the step.
transitioned = Signal()


@dataclass(frozen=True)
class Transition:
    """One step of a workflow.

    `apply(row, user, **data)` makes the step's own changes (who, when, a reason) and may
    refuse bad `data` with a ValidationError; `check(row, user)` returns why the step is not
    possible now (a ValidationError when the row is not ready, a PermissionDenied when this
    user may not take it), or None.
    """

    name: str
    label: Any
    sources: tuple[str, ...]
    target: str | None
    roles: tuple[Role, ...]
    apply: Callable[..., None] | None = None
    check: Callable[[Any, Any], Exception | None] | None = None


class Workflow:
    """The transitions of `model`'s `state` field; see the module docstring."""

    def __init__(self, model, *transitions, state="status"):
        self.model = model
        self.state = state
        self.transitions = {transition.name: transition for transition in transitions}

    def __iter__(self):
        return iter(self.transitions.values())

    def get(self, name):
        return self.transitions.get(name)

    def offered_to(self, user):
        """The transitions the user's role may take on some row (the admin's list actions)."""
        return [transition for transition in self if may_act_as(user, *transition.roles)]

    def manages(self, user, row):
        return self.model._default_manager.managed_by(user).filter(pk=row.pk).exists()

    def refusal(self, transition, row, user, *, manages):
        """Why `user` may not take `transition` on `row` now (an exception), or None."""
        if not (manages and may_act_as(user, *transition.roles)):
            return PermissionDenied(
                gettext("“%(step)s” on this %(model)s is for: %(roles)s in charge of it.")
                % {
                    "step": transition.label,
                    "model": self.model._meta.verbose_name,
                    "roles": self._roles(transition),
                }
            )
        if getattr(row, self.state) not in transition.sources:
            return ValidationError(
                {
                    self.state: gettext(
                        "“%(step)s” is possible only for a %(model)s that is %(sources)s; "
                        "this one is %(state)s."
                    )
                    % {
                        "step": transition.label,
                        "model": self.model._meta.verbose_name,
                        "sources": self._states(transition.sources),
                        "state": self._states([getattr(row, self.state)]),
                    }
                }
            )
        return transition.check(row, user) if transition.check else None

    def allowed(self, row, user):
        """The transitions `user` may take on `row` now: the admin's buttons."""
        offered = self.offered_to(user)
        manages = bool(offered) and self.manages(user, row)
        return [t for t in offered if self.refusal(t, row, user, manages=manages) is None]

    def run(self, name, row, *, user, **data):
        """Take the step `name` on `row` (updated in place and returned), atomically: the row
        is re-read and locked, checked, changed, validated and saved. Validation is of the
        fields and the model's constraints (its invariants); a step that vouches for the
        whole row (submitting a report) runs `full_clean` in its `apply`."""
        transition = self.transitions[name]
        with transaction.atomic():
            locked = self.model._default_manager.select_for_update(of=("self",))
            try:
                row.refresh_from_db(from_queryset=locked)
            except self.model.DoesNotExist:
                raise Http404 from None
            refusal = self.refusal(transition, row, user, manages=self.manages(user, row))
            if refusal is not None:
                raise refusal
            if transition.target is not None:
                setattr(row, self.state, transition.target)
            if transition.apply is not None:
                transition.apply(row, user, **data)
            row.clean_fields()
            row.validate_constraints()
            row.save()
            transitioned.send(sender=self.model, row=row, step=name, user=user)
        return row

    def _states(self, states):
        labels = dict(self.model._meta.get_field(self.state).flatchoices)
        return get_text_list([f"“{labels[state]}”" for state in states], gettext("or"))

    def _roles(self, transition):
        roles = dict.fromkeys([*transition.roles, Role.CITY_ADMIN])  # city admins act as any
        return get_text_list([str(Role(role).label) for role in roles], gettext("or"))

    def _description(self, transition):
        if transition.target is None:
            text = gettext("%(step)s, on a %(model)s that is %(sources)s. For: %(roles)s.")
        else:
            text = gettext(
                "%(step)s: a %(model)s that is %(sources)s becomes %(target)s. For: %(roles)s."
            )
        return text % {
            "step": transition.label,
            "model": self.model._meta.verbose_name,
            "sources": self._states(transition.sources),
            "target": transition.target and self._states([transition.target]),
            "roles": self._roles(transition),
        }

    def description(self, transition):
        """What a step does and who may take it, from the table, in the language of the
        moment it is read (the API schema's action descriptions)."""
        return lazy(self._description, str)(transition)
