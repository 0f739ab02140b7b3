"""Helpers of the admin tests (importable; fixtures live in conftest.py)."""

from django.test import Client
from django.urls import reverse

from districts.services import assign_role
from tests.factories import UserFactory


def make_official(role, district=None, **user_fields):
    """A staff login with `role` in `district`, in its role's group (as create_official)."""
    user = UserFactory(is_staff=True, **user_fields)
    assign_role(user=user, role=role, district=district)
    return user


def client_for(user):
    """A logged-in client with the English UI, so tests read data, not Chinese labels."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def admin_url(model, view="changelist", *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def changelist_pks(response):
    """The primary keys of the rows a changelist page shows."""
    return {obj.pk for obj in response.context["cl"].result_list}
