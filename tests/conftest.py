"""Fixtures shared by the whole suite; subfolders (admin/, api/, pages/, browser/) add their own.

The test database is the one pytest-django builds from settings (`DATABASE_URL`, set by
`scripts/run-tests`); nothing here overrides `django_db_setup`.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from core.tokens import api_token_create


def pytest_configure(config):
    """Serve static files by their plain names during tests.

    With DEBUG off, production uses WhiteNoise's manifest storage, which needs `collectstatic`
    to have run; tests render templates without it. CI runs `collectstatic` separately.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing with PBKDF2 costs ~0.2 s a user; tests need speed, not strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a per-test folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits (throttles) and cached figures must not leak from one test to the next.

    The cache lives in the database (or Redis), so only a test that uses the database can
    have touched it; its database fixture is set up first to let the cache be cleared.
    """
    database = next((n for n in ("transactional_db", "db") if n in request.fixturenames), None)
    if database is None and request.node.get_closest_marker("django_db") is None:
        yield
        return
    if database:
        request.getfixturevalue(database)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    """An anonymous DRF client."""
    return APIClient()


@pytest.fixture
def token_client(db):
    """Build a DRF client that sends `Authorization: Token <key>` for the given user."""

    keys = {}

    def make(user):
        if user.pk not in keys:
            keys[user.pk] = api_token_create(user=user, name="tests")[1]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {keys[user.pk]}")
        return client

    return make
