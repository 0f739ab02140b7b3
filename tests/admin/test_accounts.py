"""Officials' logins: locked after repeated failures (django-axes), unlocked by a command or a
city admin, and logged out after an idle spell."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.roles import Role
from districts.services import assign_role
from tests.factories import DEFAULT_PASSWORD, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def official():
    return OfficialFactory(role=Role.REPORTER, user=UserFactory(username="zhangwei", is_staff=True))


def log_in(client, password=DEFAULT_PASSWORD, username="zhangwei"):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client):
    return client.get("/admin/").status_code == 200


def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one(client, official):
    for _ in range(30):
        assert log_in(client, password="guess").status_code in (200, 429)
    response = log_in(client)
    assert response.status_code == 429
    assert "data-locked" in response.content.decode()
    assert "市级管理员" in response.content.decode()  # who unlocks it, in the site's language
    assert not logged_in(client)


def test_the_lock_holds_for_that_address_only(client, official):
    for _ in range(30):
        log_in(client, password="guess")
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert log_in(elsewhere).status_code == 302
    assert logged_in(elsewhere)


def test_the_unlock_command_lets_the_official_in_again(client, official):
    for _ in range(30):
        log_in(client, password="guess")
    call_command("axes_reset_username", "zhangwei", stdout=None)
    assert log_in(client).status_code == 302
    assert logged_in(client)


def test_a_city_admin_may_unlock_accounts_and_revoke_tokens(official):
    admin = assign_role(user=UserFactory(is_staff=True), role=Role.CITY_ADMIN).user
    assert admin.has_perm("axes.delete_accessattempt")
    assert admin.has_perm("core.delete_apitoken")
    assert not official.user.has_perm("axes.delete_accessattempt")


def test_an_idle_session_ends_after_two_hours(client, official):
    client.force_login(official.user)
    response = client.get("/admin/")
    assert response.cookies["sessionid"]["max-age"] == 2 * 60 * 60
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=1, minutes=59) < left <= datetime.timedelta(hours=2)

    # Each request pushes the end on: an official at work is not logged out.
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert logged_in(client)
    assert Session.objects.get().expire_date - timezone.now() > datetime.timedelta(hours=1)

    # Two hours without a request: logged out.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert not logged_in(client)
