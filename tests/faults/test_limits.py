"""Limits that nothing else can erase: the feedback rate limit counts in a cache of its own
(CACHES["limits"], a table of the database) and login lockouts are rows of the database, so
a flood of distinct public URLs filling the shared cache, the database's (300 entries, then
culled) or Redis, leaves both in force."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from core.roles import Role
from tests.factories import DEFAULT_PASSWORD, DistrictFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

FEEDBACK = {
    "district": "hualong",
    "title": "用工",
    "description": "缺工",
    "category": "labour",
    "submitter_company": "Co",
    "submitter_name": "Li",
    "submitter_phone": "13700000000",
}
DISTINCT_URLS = 1000


def test_the_limits_live_in_the_database_with_redis_as_without():
    limits = caches["limits"]
    assert isinstance(limits, DatabaseCache)
    assert limits._table != settings.CACHES["default"].get("LOCATION")
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings):
    """The shared cache as production has it: the database's table (Django's default of at
    most 300 entries), or Redis."""
    if request.param == "redis":
        return request.getfixturevalue("on_redis")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
    }
    call_command("createcachetable")  # a run on Redis has no such table
    return None


def test_a_flood_of_distinct_urls_erases_no_limit(shared_cache):
    DistrictFactory(code="hualong", name="华龙区")
    OfficialFactory(role=Role.REPORTER, user=UserFactory(username="zhangwei", is_staff=True))
    rate = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["feedback"].split("/")[0])
    public = APIClient()

    def submit():
        return public.post("/api/v1/problems/", FEEDBACK, format="json").status_code

    def log_in(password):
        return Client().post("/admin/login/", {"username": "zhangwei", "password": password})

    assert [submit() for _ in range(rate + 1)] == [201] * rate + [429]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("guess")
    assert log_in(DEFAULT_PASSWORD).status_code == 429

    for n in range(DISTINCT_URLS):
        assert public.get(f"/api/v1/projects/?n={n}").status_code == 200

    assert submit() == 429  # the (rate + 2)th in the hour: the 12th at 10/hour
    assert log_in(DEFAULT_PASSWORD).status_code == 429
