"""Checks every list endpoint gets from the table in endpoints.py: who sees which rows, filters
that refuse garbage with a 400 and are documented in the schema. (Each filter's and ordering's
rows: test_filtersets.py; query counts: test_query_counts.py.)"""

import django_filters
import pytest

from core.filters import SearchFilter
from tests.world import VIEWERS

from .endpoints import ENDPOINTS


def checked_filters(endpoint):
    """Filters whose values have a form (choices, codes, numbers, dates, flags, ordering)."""
    return [
        name
        for name, filter_ in endpoint.filterset.base_filters.items()
        if not isinstance(filter_, SearchFilter) and type(filter_) is not django_filters.CharFilter
    ]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_each_viewer_sees_exactly_its_rows(world, endpoint, viewer):
    response = world.client(viewer).get(endpoint.url, {"page_size": 100})
    expected = endpoint.sees[viewer]
    if isinstance(expected, int):
        assert response.status_code == expected
        assert list(response.json()) == ["detail"]
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert {endpoint.key(row) for row in body["results"]} == expected(world)
    assert body["count"] == len(body["results"])


@pytest.mark.parametrize(
    ("endpoint", "name"),
    [(e, name) for e in ENDPOINTS for name in checked_filters(e)],
    ids=lambda value: getattr(value, "name", value),
)
def test_a_filter_refuses_a_value_it_cannot_read(world, endpoint, name):
    response = world.client("city_admin").get(endpoint.url, {name: "no-such-value!"})
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_filter_is_documented_in_the_schema(openapi, endpoint):
    operation = openapi["paths"][endpoint.url]["get"]
    documented = {p["name"]: p for p in operation["parameters"]}
    for name, filter_ in endpoint.filterset.base_filters.items():
        assert name in documented, name
        if isinstance(filter_, django_filters.ChoiceFilter) and filter_.extra.get("choices"):
            choices = [str(value) for value, _label in filter_.extra["choices"]]
            schema = documented[name]["schema"]
            enum = schema["items"]["enum"] if schema["type"] == "array" else schema["enum"]
            assert sorted(enum) == sorted(choices), name
    assert {"page", "page_size"} <= set(documented)
