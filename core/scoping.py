"""The one visibility gate: who may see and who may manage which rows (DESIGN.md "Roles").

Every model whose rows belong to a district uses a ScopedQuerySet; pages, the API and
exports read through `.visible_to(user)` or `.public()`, the admin and every write through
`.managed_by(user)`; nothing filters by hand.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from .roles import Role
from .tracking import TrackedQuerySet


def official_of(user):
    """The user's Official record, or None for anonymous users and plain accounts."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.official
    except models.ObjectDoesNotExist:
        return None


def cadre_of(user):
    """The Cadre record linked to a cadre's login, or None."""
    try:
        return user.cadre
    except (models.ObjectDoesNotExist, AttributeError):
        return None


def sees_everything(user):
    official = official_of(user)
    return bool(
        getattr(user, "is_superuser", False)
        or (official is not None and official.role == Role.CITY_ADMIN)
    )


def scope_of(user):
    """The `scope` a figure names: "official" for a session or token of an official (or a
    superuser), else "public" (published projects only)."""
    if getattr(user, "is_superuser", False) or official_of(user) is not None:
        return "official"
    return "public"


def has_role(user, *roles):
    """True when the user's own role is one of `roles` (strict: a city admin is no cadre)."""
    official = official_of(user)
    return official is not None and official.role in roles


def may_act_as(user, *roles):
    """Whether the user may take a step meant for `roles`: it holds one of them, or it is a
    city administrator (or superuser), who may act in every role (DESIGN.md "Roles").
    Which rows it may act on is the gate's answer (`managed_by`), not this one's."""
    return sees_everything(user) or has_role(user, *roles)


def scope_key(user):
    """Who `user` is to the gates, in a few characters: users with the same key see the same
    rows and the same figures (cached figures are keyed by it)."""
    if sees_everything(user):
        return "all"
    official = official_of(user)
    if official is None:
        return "public"
    if official.role == Role.CADRE:
        cadre = cadre_of(user)
        return f"cadre:{cadre.pk if cadre else None}"
    return f"{official.role}:{official.district_id}"


def is_public_request(request):
    """A request that carries no credentials (no API token, no session), so that only the
    public can have sent it — known without asking the database."""
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


# Q objects that match every row / no row (an empty Q() would vanish inside an OR).
EVERYTHING = models.Q(pk__isnull=False)
NOTHING = models.Q(pk__in=[])


class ScopedQuerySet(TrackedQuerySet):
    """Rows scoped by what the public may see and by what an official is responsible for.

    Two gates, one definition each:
    - `managed_by(user)`: the rows the user answers for (its district's, its assigned ones;
      all for the city) — what the admin lists, what writes and imports may touch;
    - `visible_to(user)`: what the user may read — the public rows plus those it manages,
      so an official always sees at least what the public sees (DESIGN.md "Roles").
    Subclasses set `district_lookup` (path to the District) and override `public_q()` and
    `cadre_q()` where the default (nothing) is too strict.
    """

    district_lookup = "district"

    def public_q(self):
        return NOTHING

    def cadre_q(self, cadre):
        return NOTHING

    def district_q(self, district):
        return models.Q(**{self.district_lookup: district})

    def _managed_q(self, user):
        """The filter of what `user` manages; None when it manages everything."""
        if sees_everything(user):
            return None
        official = official_of(user)
        if official is None:
            return NOTHING
        if official.role == Role.CADRE:
            cadre = cadre_of(user)
            return self.cadre_q(cadre) if cadre else NOTHING
        return self.district_q(official.district_id)

    def public(self):
        return self.filter(self.public_q())

    def managed_by(self, user):
        managed = self._managed_q(user)
        return self if managed is None else self.filter(managed)

    def visible_to(self, user):
        managed = self._managed_q(user)
        return self if managed is None else self.filter(self.public_q() | managed)

    def with_managed(self, user):
        """Annotate `is_managed`: whether the user manages each row (its private fields are
        shown only then), in the same query."""
        managed = self._managed_q(user)
        if managed is None:
            return self.annotate(is_managed=models.Value(True))
        return self.annotate(
            is_managed=models.Case(
                models.When(managed, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def choosable_by(self, user):
        """Rows the user may pick in a form or an import: those it manages."""
        return self.managed_by(user)


def visible_choices(model, user):
    """Rows of `model` a user may pick in a form or an import: the scoping gate decides."""
    manager = model._default_manager
    if model is get_user_model():
        # Logins are picked only by those who manage users.
        if sees_everything(user):
            return manager.all()
        return manager.filter(pk=getattr(user, "pk", None))
    if hasattr(manager, "choosable_by"):
        return manager.choosable_by(user)
    return manager.all()
