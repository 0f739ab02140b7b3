"""API tokens (django-rest-knox): made by `create_api_token`, stored hashed, named after the
client system, expiring, and revoked when their user's password changes or it is deactivated."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ApiToken

PROBLEMS = "/api/v1/problems/"


def create_token(*args):
    """Run the command; return its stdout lines and the key (its last line)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    return lines, lines[-1]


def get(key, url=PROBLEMS):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(url)


def test_the_command_prints_a_key_that_acts_as_its_user(world):
    lines, key = create_token("reporter", "--name", "市统计局", "--days", "30")
    assert lines == [key] and len(key) >= 40 and " " not in key
    response = get(key)
    assert response.status_code == 200
    districts = {row["district"] for row in response.json()["results"]}
    assert districts == {"hualong"}  # scoped like the reporter: its district only


def test_only_a_hash_is_stored_with_the_name_and_expiry(world):
    _lines, key = create_token("reporter", "--name", "市统计局", "--days", "30")
    token = ApiToken.objects.get(user__username="reporter")
    assert token.name == "市统计局"
    assert key not in (token.digest, token.token_key)
    assert token.token_key == key[: len(token.token_key)] and len(token.token_key) < len(key)
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs(token.expiry - expected) < datetime.timedelta(minutes=1)


def test_an_expired_token_is_refused(world):
    _lines, key = create_token("reporter", "--days", "1")
    ApiToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert get(key).status_code == 401


def test_a_token_per_client_system_and_a_new_one_replaces_the_old(world):
    _lines, statistics = create_token("reporter", "--name", "统计局")
    _lines, old_planning = create_token("reporter", "--name", "发改委")
    _lines, planning = create_token("reporter", "--name", "发改委")
    assert get(statistics).status_code == 200
    assert get(planning).status_code == 200
    assert get(old_planning).status_code == 401
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["发改委", "统计局"]


def test_a_password_change_revokes_the_users_tokens(world):
    _lines, key = create_token("reporter")
    _lines, other_key = create_token("reviewer")
    user = world.users["reporter"]
    user.set_password("a-new-Passw0rd-2026")
    user.save()
    assert get(key).status_code == 401
    assert get(other_key).status_code == 200


def test_deactivation_revokes_the_tokens_for_good(world):
    _lines, key = create_token("reporter")
    user = world.users["reporter"]
    user.is_active = False
    user.save()
    assert not ApiToken.objects.filter(user=user).exists()
    user.is_active = True
    user.save()
    assert get(key).status_code == 401


def test_a_login_keeps_the_tokens(world, client):
    """Saving the user for other reasons (last login …) is no credential change."""
    _lines, key = create_token("reporter")
    client.post(
        "/admin/login/", {"username": "reporter", "password": "test-password-123"}, follow=True
    )
    assert get(key).status_code == 200


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody"], "No user named 'nobody'"),
        (["reporter", "--days", "0"], "at least one day"),
    ],
)
def test_the_command_refuses_bad_arguments(world, args, message):
    with pytest.raises(CommandError, match=message):
        create_token(*args)


def test_no_token_for_a_deactivated_user(world):
    user = world.users["reporter"]
    user.is_active = False
    user.save()
    with pytest.raises(CommandError, match="deactivated"):
        create_token("reporter")
