"""Stays up when the database refuses connections (DESIGN.md "Stays up"): with PostgreSQL's
max_connections taken, a request that needs a connection is a 503 with `Retry-After` (a
page, or JSON under /api/), not a 500; once connections are free again it is answered."""

import json
import urllib.error
import urllib.request
from contextlib import contextmanager

import psycopg2
import pytest

from tests.postgres import database_url
from tests.servers import gunicorn, on_shared_database

pytestmark = on_shared_database("max_connections is PostgreSQL's")


def get(base, path):
    request = urllib.request.Request(base + path, headers={"Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def server(tmp_path):
    """A gunicorn on the test database that opens a connection for every request."""
    with gunicorn(tmp_path / "server.log", env={"CONN_MAX_AGE": "0"}) as base:
        yield base


@contextmanager
def every_connection_taken():
    """Take every connection PostgreSQL allows (at most 500 tries: the test cluster allows
    50) until the block ends."""
    taken = []
    try:
        for _ in range(500):
            try:
                taken.append(psycopg2.connect(database_url()))
            except psycopg2.OperationalError as error:
                assert "too many clients" in str(error)
                break
        else:
            pytest.skip("the server allows more than 500 connections")
        yield
    finally:
        for each in taken:
            each.close()


def test_no_connection_to_be_had_is_a_503_with_retry_after_until_one_is(server):
    busy = "The service is busy: please try again in a moment."
    with every_connection_taken():
        status, headers, body = get(server, "/projects/")
        assert (status, headers["Retry-After"]) == (503, "30")
        assert headers.get_content_type() == "text/html" and busy in body
        status, headers, body = get(server, "/api/v1/projects/")
        assert (status, headers["Retry-After"]) == (503, "30")
        assert headers.get_content_type() == "application/json"
        assert json.loads(body) == {"detail": busy}
    assert get(server, "/api/v1/projects/")[0] == 200
