"""The four roles of DESIGN.md "Roles" as auth groups, and how a user is given one.

A user's role and district live on its Official record; the group of the same name carries
the model permissions the admin checks. Which *rows* a role sees is decided elsewhere, by
`core.scoping` (`.visible_to(user)`): a permission says "may change projects", the
gate says "which projects". The groups are created and kept in sync after every `migrate`
(a post_migrate handler, so the permissions they reference always exist by then).
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an official does; the group of the same name carries its model permissions."""

    REPORTER = "reporter", _("District reporter")
    REVIEWER = "reviewer", _("District reviewer")
    CADRE = "cadre", _("Cadre")
    CITY_ADMIN = "city_admin", _("City administrator")


VIEW = ("view",)
EDIT = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")

# What a district reporter keeps up to date (its district's rows only, by the scoping gate).
REPORTER_PERMISSIONS = {
    "core.reportingperiod": VIEW,
    "districts.district": VIEW,
    "projects.industry": VIEW,
    "projects.project": EDIT,
    "projects.annualplan": ALL,
    # Deleting is further limited to reports the reporter may still edit (drafts, returned).
    "projects.progressreport": ALL,
    "projects.photo": ALL,
    "projects.milestone": ALL,
    "projects.funding": ALL,
    "projects.approvalitem": ALL,
    "projects.requiredapproval": VIEW,
    "projects.resourceneed": ALL,
    # Proposing for the city's pool (入库); approving it is the city's (projects.pipeline).
    "projects.poolreview": ("view", "add"),
    "projects.round": VIEW,
    "projects.roundentry": ALL,
    "projects.meeting": EDIT,
    "enterprises.enterpriselabel": VIEW,
    "enterprises.enterprise": EDIT,
    "enterprises.cadre": EDIT,
    "enterprises.assignment": ALL,
    "enterprises.visit": ALL,
    "enterprises.visitphoto": ALL,
    "enterprises.problem": EDIT,
    # Read-only: written only when a month is published (enterprises.services).
    "enterprises.mattercarryover": VIEW,
    "enterprises.support": ALL,
}

# A reviewer sees what a reporter sees, and acts on reports (approve, return: workflow steps,
# not edits: reviewers never edit reporters' figures) and handles problems.
REVIEWER_PERMISSIONS = {
    **dict.fromkeys(REPORTER_PERMISSIONS, VIEW),
    "enterprises.problem": ("view", "change"),
}

# A cadre sees its assigned enterprises and projects, records visits and problem updates.
CADRE_PERMISSIONS = {
    "core.reportingperiod": VIEW,
    "districts.district": VIEW,
    "projects.industry": VIEW,
    "projects.project": VIEW,
    "projects.milestone": VIEW,
    "projects.meeting": VIEW,
    "enterprises.enterpriselabel": VIEW,
    "enterprises.enterprise": VIEW,
    "enterprises.cadre": VIEW,
    "enterprises.assignment": VIEW,
    "enterprises.visit": ALL,
    "enterprises.visitphoto": ALL,
    "enterprises.problem": EDIT,
    "enterprises.mattercarryover": VIEW,
    "enterprises.support": VIEW,
}

# The city administrator: everything of the framework's and the three apps' models (reporting
# periods, API tokens …), plus users and roles; it unlocks accounts locked after failed logins
# (deletes their access attempts).
CITY_ADMIN_APPS = ("core", "districts", "projects", "enterprises")
CITY_ADMIN_EXTRA = {
    "auth.user": ALL,
    "auth.group": VIEW,
    "axes.accessattempt": ("view", "delete"),
}

# What each role's menu on the admin home lists: the records it works with day to day (its
# permissions may reach further, e.g. a reporter may look up industries in a form). City
# administrators see every menu.
ROLE_MENUS = {
    Role.REPORTER: {
        "core.reportingperiod",
        "projects.project",
        "projects.annualplan",
        "projects.progressreport",
        "projects.milestone",
        "projects.funding",
        "projects.approvalitem",
        "projects.resourceneed",
        "projects.poolreview",
        "projects.photo",
        "enterprises.enterprise",
        "enterprises.visit",
        "enterprises.problem",
    },
    Role.REVIEWER: {
        "core.reportingperiod",
        "projects.project",
        "projects.annualplan",
        "projects.progressreport",
        "projects.milestone",
        "enterprises.problem",
    },
    Role.CADRE: {
        "projects.project",
        "enterprises.enterprise",
        "enterprises.assignment",
        "enterprises.visit",
        "enterprises.problem",
        "enterprises.support",
    },
}

ROLE_PERMISSIONS = {
    Role.REPORTER: REPORTER_PERMISSIONS,
    Role.REVIEWER: REVIEWER_PERMISSIONS,
    Role.CADRE: CADRE_PERMISSIONS,
    Role.CITY_ADMIN: CITY_ADMIN_EXTRA,
}


def _permissions(spec):
    """The Permission rows named by a {"app.model": actions} mapping (one query)."""
    query = Q(pk__in=[])
    for label, actions in spec.items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return Permission.objects.filter(query)


def role_permissions(role):
    permissions = _permissions(ROLE_PERMISSIONS[role])
    if role == Role.CITY_ADMIN:
        permissions |= Permission.objects.filter(content_type__app_label__in=CITY_ADMIN_APPS)
    return permissions


@transaction.atomic
def sync_role_groups():
    """Create the four groups (named by role code) and set exactly their permissions."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(role_permissions(role))


def sync_role_groups_after_migrate(sender, using=None, verbosity=0, **kwargs):
    """post_migrate handler: make sure every app's permissions exist, then sync the groups."""
    extra_apps = {label.split(".")[0] for label in CITY_ADMIN_EXTRA}
    for label in sorted(extra_apps.union(CITY_ADMIN_APPS)):
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using or "default")
    sync_role_groups()


def acting_user(username):
    """A user with every permission that is never stored: what a command or the publication
    acts as (its writes name no official; `closed_by` and the like stay empty)."""
    return get_user_model()(username=username, is_superuser=True)
