"""Who may call what over the API (rows are still gated by `.visible_to()`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from core.scoping import official_of


def sees_private(user):
    """Officials may see private fields of the rows the gate shows them; the public never."""
    return bool(getattr(user, "is_superuser", False) or official_of(user))


class IsOfficial(BasePermission):
    """Resources for officials only: anonymous clients get 401, accounts without a role 403."""

    message = _("Only officials may use this resource.")

    def has_permission(self, request, view):
        return sees_private(request.user)
