"""Officials: the role groups, `manage.py create_official`, and roles managed by a city
administrator on the user's admin page."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.roles import Role, sync_role_groups
from districts.models import Official
from enterprises.models import Cadre
from projects.models import Project
from tests.factories import DistrictFactory, UserFactory

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_four_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    reporter = Group.objects.get(name=Role.REPORTER)
    codenames = set(reporter.permissions.values_list("codename", flat=True))
    assert {"add_project", "change_progressreport", "add_visit"} <= codenames
    assert "delete_project" not in codenames and "change_user" not in codenames


def test_syncing_the_groups_restores_their_permissions():
    group = Group.objects.get(name=Role.CADRE)
    group.permissions.clear()
    sync_role_groups()
    assert group.permissions.filter(codename="add_visit").exists()


def test_create_official_provisions_a_reporter_and_is_idempotent():
    DistrictFactory(code="hualong")
    for _ in range(2):
        call_command(
            "create_official",
            "li",
            "--role",
            "reporter",
            "--district",
            "hualong",
            "--password",
            "s3cret-pass-123",
        )
    user = User.objects.get(username="li")
    assert user.is_staff and user.check_password("s3cret-pass-123")
    assert (user.official.role, user.official.district.code) == (Role.REPORTER, "hualong")
    assert list(user.groups.values_list("name", flat=True)) == [Role.REPORTER]
    assert (User.objects.count(), Official.objects.count()) == (1, 1)
    assert client_for(user).get(admin_url(Project, "add")).status_code == 200


def test_create_official_changes_a_role_and_its_group():
    DistrictFactory(code="hualong")
    call_command("create_official", "li", "--role", "reporter", "--district", "hualong")
    call_command("create_official", "li", "--role", "reviewer", "--district", "hualong")
    user = User.objects.get(username="li")
    assert list(user.groups.values_list("name", flat=True)) == [Role.REVIEWER]


def test_create_official_links_a_cadre_once():
    DistrictFactory(code="hualong", name="华龙区")
    for _ in range(2):
        call_command(
            "create_official", "wang", "--role", "cadre", "--district", "hualong", "--name", "王强"
        )
    cadre = Cadre.objects.get()
    assert (cadre.user.username, cadre.name, cadre.unit, cadre.district.code) == (
        "wang",
        "王强",
        "华龙区",
        "hualong",
    )


def test_city_admin_needs_no_district():
    call_command("create_official", "boss", "--role", "city_admin")
    assert User.objects.get(username="boss").official.district is None


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "reporter"], "needs --district"),
        (["--role", "reporter", "--district", "nowhere"], "No district"),
    ],
)
def test_create_official_explains_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_official", "x", *args)
    assert not User.objects.filter(username="x").exists()


@pytest.mark.parametrize("password", ["1", "password", "weakling1"])
def test_create_official_refuses_a_weak_password_with_the_validators_messages(password):
    with pytest.raises(ValidationError) as expected:
        validate_password(password, User(username="weakling"))
    with pytest.raises(CommandError) as refused:
        call_command("create_official", "weakling", "--role", "city_admin", "--password", password)
    for message in expected.value.messages:
        assert message in str(refused.value)
    assert not User.objects.filter(username="weakling").exists()


def test_city_admin_gives_a_user_a_role_on_its_page(world):
    newcomer = UserFactory(username="newcomer")
    url = admin_url(User, "change", newcomer.pk)
    client = client_for(world.city_admin)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in ("password",)
    }
    data.update(
        {
            "username": "newcomer",
            "date_joined_0": "2022-01-01",
            "date_joined_1": "00:00:00",
            "official-TOTAL_FORMS": "1",
            "official-INITIAL_FORMS": "0",
            "official-MIN_NUM_FORMS": "0",
            "official-MAX_NUM_FORMS": "1",
            "official-0-role": Role.REPORTER,
            "official-0-district": world.jingkai.pk,
        }
    )
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    newcomer.refresh_from_db()
    assert (newcomer.official.role, newcomer.official.district) == (Role.REPORTER, world.jingkai)
    assert newcomer.is_staff
    assert list(newcomer.groups.values_list("name", flat=True)) == [Role.REPORTER]


def test_city_admin_cannot_make_a_superuser(world):
    page = client_for(world.city_admin).get(admin_url(User, "change", world.reporter.pk))
    assert "is_superuser" not in page.context["adminform"].form.fields


def test_district_officials_cannot_manage_users(world):
    assert client_for(world.reporter).get(admin_url(User)).status_code == 403
    assert client_for(world.reporter).get(admin_url(Official)).status_code == 403


def test_deleting_an_official_takes_its_group_away(world):
    official = world.reporter.official
    response = client_for(world.city_admin).post(
        admin_url(Official, "delete", official.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not world.reporter.groups.exists()
    assert not world.reporter.has_perm("projects.add_project")
