"""The one visibility gate: who may see which rows (DESIGN.md "Roles").

Every model whose rows belong to a district uses a ScopedQuerySet; views, the admin, the
API and exports call `.visible_to(user)` or `.public()` and never filter by hand.
"""

from django.contrib.auth import get_user_model
from django.db import models

from .roles import Role


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


def has_role(user, *roles, district=None):
    """True when the user holds one of `roles` (in `district`, if given); city admins always."""
    if sees_everything(user):
        return True
    official = official_of(user)
    if official is None or official.role not in roles:
        return False
    district_id = getattr(district, "pk", district)
    return district is None or official.role == Role.CADRE or official.district_id == district_id


class ScopedQuerySet(models.QuerySet):
    """Rows scoped by district, by cadre assignment, and by what the public may see.

    Subclasses set `district_lookup` (path to the District) and override `public()` and
    `for_cadre()` where the default (nothing) is too strict.
    """

    district_lookup = "district"

    def public(self):
        return self.none()

    def for_cadre(self, cadre):
        return self.none()

    def in_district(self, district):
        return self.filter(**{self.district_lookup: district})

    def choosable_by(self, user):
        """Rows the user may pick in a form or an import: by default, those it may see."""
        return self.visible_to(user)

    def visible_to(self, user):
        if sees_everything(user):
            return self
        official = official_of(user)
        if official is None:
            return self.public()
        if official.role == Role.CADRE:
            cadre = cadre_of(user)
            return self.for_cadre(cadre) if cadre else self.none()
        return self.in_district(official.district_id)


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
