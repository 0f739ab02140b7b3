"""Fixtures shared by the whole suite; subfolders (admin/, api/, pages/, browser/) add their own.

The test database is the one pytest-django builds from settings (`DATABASE_URL`, set by
`scripts/run-tests`); nothing here overrides `django_db_setup`.

Rows that many tests read are built once per module (`shared_rows`): in a transaction around
the module's tests, each test getting its own copy of the Python objects and its own nested
transaction, rolled back after it (as Django's `TestCase.setUpTestData`).

The Puyang demo is loaded once per session (`demo_db`) and committed, so that tests reading
it share one load and the live server sees it. The tests that use it run after all the
others (`pytest_collection_modifyitems`), so no other test ever sees a demo row; each of them
still runs in a transaction that is rolled back (`db`), so what it writes disappears.
"""

import copy
import io
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from core.tokens import api_token_create
from core.watch import WATCH
from tests.factories import DistrictFactory
from tests.helpers import shared_rows
from tests.live import as_the_server, serve
from tests.world import build_world, vary


def pytest_configure(config):
    """Serve static files by their plain names during tests.

    With DEBUG off, production uses WhiteNoise's manifest storage, which needs `collectstatic`
    to have run; tests render templates without it. CI runs `collectstatic` separately.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Hashing with PBKDF2 costs ~0.2 s a user; tests need speed, not strength. Set for the
    # whole session, as users are also made by session- and module-scoped fixtures.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    config.addinivalue_line(
        "markers",
        "commits: a live-server test whose own writes the server must see: committed, they "
        "stay until the session ends (tests/browser/conftest.py)",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests on the committed demo last: first those that only need its rows, then
    the browser tests, then those marked `commits`, then schemathesis (whose writes as a city
    administrator are committed by the live server and stay until the session ends), and at
    the very end the tests on pytest-django's `live_server`, which empty the database after
    each. The sort is stable: otherwise the order is pytest-django's."""

    def rank(item):
        names = getattr(item, "fixturenames", ())
        if "live_server" in names:
            return 5  # pytest-django's live server: transactional, empties the database
        if "demo_db" not in names:
            return 0
        if item.get_closest_marker("schemathesis"):
            return 4
        if item.get_closest_marker("commits"):
            return 3
        return 2 if "live_url" in names else 1

    items.sort(key=rank)


@dataclass(frozen=True)
class Demo:
    output: str  # what the session's `load_demo` printed


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """The Puyang demo (`manage.py load_demo`), loaded and committed once per session.

    Request it with `db`: the test then runs in a transaction on top of the demo, rolled back
    afterwards. The database is emptied again at the end of the session."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
    yield Demo(output=out.getvalue())
    with django_db_blocker.unblock():
        end_other_sessions()
        call_command("flush", interactive=False, verbosity=0)


def end_other_sessions():
    """PostgreSQL: end the sessions other threads left on the test database. A live server's
    request thread keeps its connection (CONN_MAX_AGE) while the browser keeps its socket
    open, and a database with sessions on it cannot be emptied or dropped."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session")
def live_url(demo_db):
    """The base URL of a live server over the committed demo (see tests/live.py)."""
    with serve() as url:
        yield url


_world_rows = shared_rows(build_world)
_varied_world_rows = shared_rows(lambda: vary(build_world()))


@pytest.fixture
def world(_world_rows, db):
    """Two districts, public and unpublished rows, an official of every role (tests/world.py)."""
    return copy.deepcopy(_world_rows)


@pytest.fixture
def varied_world(_varied_world_rows, db):
    """The world with rows that every filter and ordering key tells apart (`vary()`)."""
    return copy.deepcopy(_varied_world_rows)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a per-test folder, never into the project's media/."""
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits (throttles) and cached figures must not leak from one test to the next.

    The cache lives in the database (or Redis), so only a test that uses the database can
    have touched it; its database fixture is set up first to let the cache be cleared. Beside
    a live server, which keeps the cache on connections of its own, it is cleared as the
    server would (committed at once): a delete left open in the test's transaction would make
    the server wait for the rows it throttles with.
    """
    database = next((n for n in ("transactional_db", "db") if n in request.fixturenames), None)
    if database is None and request.node.get_closest_marker("django_db") is None:
        yield
        return
    if "live_url" in request.fixturenames:
        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            as_the_server(_clear_cache)
        yield
        with blocker.unblock():
            as_the_server(_clear_cache)
        return
    if database:
        request.getfixturevalue(database)
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache():
    """Empty the cache and the rate limits' counters, and have every process (live servers,
    gunicorn hosts) forget the version tokens it kept: the database was emptied without the
    writes that announce it."""
    cache.clear()
    caches["limits"].clear()
    WATCH.announce()


@pytest.fixture
def english():
    """Messages are asserted in English, the msgid language."""
    with translation.override("en"):
        yield


@pytest.fixture
def district(db):
    """A reporting unit of its own (DistrictFactory)."""
    return DistrictFactory()


@pytest.fixture
def uncached(settings):
    """No cache at all: every request computes its figures, and the queries counted are the
    request's own, not the shared cache's (which lives in the database unless REDIS_URL)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


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
