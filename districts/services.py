"""Officials: giving a user a role in a district, and taking it away."""

from django.contrib.auth.models import Group
from django.db import transaction

from core.roles import Role, sync_role_groups

from .models import Official


def sync_official(official):
    """Give the official's user exactly the group of its role, and admin access."""
    user = official.user
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups.exclude(name=official.role))
    group, _created = Group.objects.get_or_create(name=official.role)
    if not group.permissions.exists():
        sync_role_groups()
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def revoke_role(user):
    """Take the role groups away from a user whose Official record is gone."""
    user.groups.remove(*Group.objects.filter(name__in=Role.values))


@transaction.atomic
def assign_role(*, user, role, district=None) -> Official:
    """Make `user` an official with `role` in `district` (validated), and sync its group."""
    official = Official.objects.filter(user=user).first() or Official(user=user)
    official.role = role
    official.district = district
    official.full_clean()
    official.save()
    sync_official(official)
    return official
