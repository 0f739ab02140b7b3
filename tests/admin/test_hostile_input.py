"""Hostile input to the admin answers 400 or is ignored, never a 500: a NUL character in an
address or parameter (PostgreSQL refuses NUL in text, so every lookup or search with one
used to crash), numbers in digits that int() refuses."""

import datetime

import pytest
from django.contrib import admin
from django.utils import timezone

from core.models import Notification
from core.notify import notify
from enterprises.models import Problem, Visit
from projects.models import Project

from .helpers import admin_url, changelist_pks
from .test_scoping import project_form

SEARCHABLE = [
    model for model, model_admin in admin.site._registry.items() if model_admin.search_fields
]


def test_autocomplete_with_a_nul_term_is_a_400(world):
    response = world.client(world.reporter).get(
        "/admin/autocomplete/",
        {
            "term": "\x00",
            "app_label": "enterprises",
            "model_name": "problem",
            "field_name": "enterprise",
        },
    )
    assert response.status_code == 400


@pytest.mark.parametrize("lookup", ["tracking_code", "title__icontains"])
def test_changelist_lookup_with_a_nul_is_a_400(world, lookup):
    response = world.client(world.reporter).get(admin_url(Problem), {lookup: "\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda model: model._meta.label)
def test_every_changelist_search_with_a_nul_is_a_400(world, model):
    response = world.client(world.city_admin).get(admin_url(model), {"q": "a\x00"})
    assert response.status_code == 400


OTHER_DIGITS = ["²", "①", "9" * 5000]  # str.isdigit() accepts them all; int() does not


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_a_plan_year_in_other_digits_filters_nothing(world, planned, value):
    response = world.client(world.city_admin).get(admin_url(Project), {"year": value})
    assert response.status_code == 200
    assert changelist_pks(response) == {world.project.pk, world.other_project.pk}


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_marking_read_an_id_in_other_digits_marks_nothing(world, value):
    notify(key="a", recipient=world.reporter, kind="test", title="Reminder", body="…")
    response = world.client(world.reporter).post("/admin/inbox/read/", {"id": value}, follow=True)
    assert response.status_code == 200
    assert "0 reminders marked read." in response.content.decode()
    assert Notification.objects.filter(recipient=world.reporter, read_at=None).count() == 1


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_reviewing_a_report_in_other_digits_is_a_message(world, value):
    response = world.client(world.reviewer).post(
        "/admin/review/", {"report": value, "action": "approve"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a report awaiting review." in response.content.decode()


def tomorrow():
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"actual_start": "tomorrow"}, "actual_start"),
        ({"actual_start": "2022-03-01", "actual_completion": "tomorrow"}, "actual_completion"),
    ],
)
def test_a_project_cannot_have_started_or_finished_after_today(world, dates, field):
    dates = {name: tomorrow() if value == "tomorrow" else value for name, value in dates.items()}
    data = project_form(world.project, industry="", **dates)
    response = world.client(world.reporter).post(
        admin_url(Project, "change", world.project.pk), data
    )
    assert response.status_code == 200  # the form again
    errors = response.context["adminform"].form.errors
    assert errors == {field: ["The date cannot be later than today."]}


def test_a_visit_cannot_be_recorded_for_tomorrow(world):
    data = {
        "cadre": world.cadre.pk,
        "enterprise": world.enterprise.pk,
        "district": world.hualong.pk,
        "visited_on": tomorrow(),
        "mode": "visit",
        "summary": "走访企业",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = world.client(world.cadre_user).post(admin_url(Visit, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"visited_on": ["The date cannot be later than today."]}
    assert not Visit.objects.exists()
