"""No list endpoint of API v1 issues a query per row (the table in endpoints.py): the count
for a page of one row is the count for a page of every row of `varied_world`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .endpoints import ENDPOINTS


@pytest.mark.parametrize(
    ("endpoint", "viewer"),
    [
        (endpoint, viewer)
        for endpoint in ENDPOINTS
        for viewer in ("anonymous", "city_admin")
        if not isinstance(endpoint.sees[viewer], int)  # an int is the refusal's status
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_query_count_does_not_grow_with_the_page(varied_world, endpoint, viewer, uncached):
    client = varied_world.client(viewer)
    measured = {}
    for page_size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(endpoint.url, {"page_size": page_size})
        assert response.status_code == 200
        measured[page_size] = (len(queries), len(response.json()["results"]))
    (small_queries, small_rows), (large_queries, large_rows) = measured[1], measured[100]
    assert small_rows == 1 and large_rows >= 2
    assert large_queries == small_queries, measured
