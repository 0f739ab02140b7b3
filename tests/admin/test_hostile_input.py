"""A NUL character in an admin address or parameter answers 400, never a 500
(PostgreSQL refuses NUL in text, so every lookup or search with one used to crash)."""

import pytest
from django.contrib import admin

from enterprises.models import Problem

from .helpers import admin_url

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
