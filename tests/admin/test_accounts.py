"""Officials' logins: locked after repeated failures (django-axes), unlocked by a command or a
city admin, and logged out after an idle spell."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.roles import Role
from districts.services import assign_role
from tests.factories import DEFAULT_PASSWORD, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
LIMIT = settings.AXES_FAILURE_LIMIT


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
    assert "登录已锁定" in response.content.decode()  # in the site's language
    assert "市级管理员" in response.content.decode()  # and who unlocks it
    assert not logged_in(client)


def test_the_lock_holds_for_the_account_from_every_address(client, official):
    for _ in range(30):
        log_in(client, password="guess")
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert log_in(elsewhere).status_code == 429
    assert not logged_in(elsewhere)


def test_guesses_spread_over_ten_addresses_lock_the_account(official):
    for n in range(10):
        guesser = Client(REMOTE_ADDR=f"10.0.0.{n}")
        for _ in range(LIMIT - 1):  # under the limit at each address
            assert log_in(guesser, password="guess").status_code in (200, 429)
    response = log_in(Client(REMOTE_ADDR="10.9.9.9"))
    assert response.status_code == 429
    assert "data-locked" in response.content.decode()


def test_a_spray_over_twelve_accounts_locks_the_address_not_the_accounts(client, official):
    for n in range(12):
        UserFactory(username=f"official{n}", is_staff=True)
        for _ in range(LIMIT - 1):  # under the limit for each account
            log_in(client, password="guess", username=f"official{n}")
    assert log_in(client).status_code == 429  # the right password, from that address
    assert log_in(Client(REMOTE_ADDR="10.1.2.3")).status_code == 302


def test_a_lock_ends_after_the_cool_down_however_often_it_is_tried(client, official, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=2)
    for _ in range(LIMIT):
        log_in(client, password="guess")
    locked_at = time.monotonic()
    time.sleep(1)
    assert log_in(client).status_code == 429  # refused, and not counted
    time.sleep(max(0, locked_at + 2.3 - time.monotonic()))
    assert log_in(client).status_code == 302


def test_wrong_old_passwords_on_the_password_change_page_count_as_failed_logins(official):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(official.user)

    def change(old):
        new = "Nq8#vLr2pZ-new"
        return client.post(
            "/admin/password_change/",
            {"old_password": old, "new_password1": new, "new_password2": new},
        )

    for _ in range(LIMIT - 1):
        response = change("guess")
        assert response.status_code == 200
        assert "Your old password was entered incorrectly." in response.content.decode()
    assert change("guess").status_code == 429
    assert change(DEFAULT_PASSWORD).status_code == 429  # the right one too, while locked
    assert log_in(Client(REMOTE_ADDR="10.1.2.3")).status_code == 429
    official.user.refresh_from_db()
    assert official.user.check_password(DEFAULT_PASSWORD)

    call_command("axes_reset_username", "zhangwei", stdout=None)
    assert change(DEFAULT_PASSWORD).url == "/admin/password_change/done/"
    official.user.refresh_from_db()
    assert official.user.check_password("Nq8#vLr2pZ-new")


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
