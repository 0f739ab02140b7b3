"""Checks every list endpoint gets from the table in endpoints.py: who sees which rows, filters
that refuse garbage with a 400, every ordering, and a query count that does not grow with
the page."""

import django_filters
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.filters import SearchFilter
from projects.choices import RoundList
from tests.factories import IndustryFactory, RoundEntryFactory, RoundFactory

from .conftest import VIEWERS
from .endpoints import ENDPOINTS


def url_of(endpoint):
    return f"/api/v1/{endpoint.name}/"


def checked_filters(endpoint):
    """Filters whose values have a form (choices, codes, numbers, dates, flags, ordering)."""
    return [
        name
        for name, filter_ in endpoint.filterset.base_filters.items()
        if not isinstance(filter_, SearchFilter) and type(filter_) is not django_filters.CharFilter
    ]


def ordering_choices(endpoint):
    return [value for value, _label in endpoint.filterset.base_filters["ordering"].extra["choices"]]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_each_viewer_sees_exactly_its_rows(world, endpoint, viewer):
    response = world.client(viewer).get(url_of(endpoint), {"page_size": 100})
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
    response = world.client("city_admin").get(url_of(endpoint), {name: "no-such-value!"})
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_ordering_works_both_ways(world, endpoint):
    client = world.client("city_admin")
    everything = client.get(url_of(endpoint), {"page_size": 100}).json()["results"]
    for ordering in ordering_choices(endpoint):
        response = client.get(url_of(endpoint), {"ordering": ordering, "page_size": 100})
        assert response.status_code == 200, (ordering, response.content)
        rows = response.json()["results"]
        assert sorted(map(str, rows)) == sorted(map(str, everything)), ordering


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_filter_is_documented_in_the_schema(openapi, endpoint):
    operation = openapi["paths"][url_of(endpoint)]["get"]
    documented = {p["name"]: p for p in operation["parameters"]}
    for name, filter_ in endpoint.filterset.base_filters.items():
        assert name in documented, name
        if isinstance(filter_, django_filters.ChoiceFilter) and filter_.extra.get("choices"):
            choices = [str(value) for value, _label in filter_.extra["choices"]]
            schema = documented[name]["schema"]
            enum = schema["items"]["enum"] if schema["type"] == "array" else schema["enum"]
            assert sorted(enum) == sorted(choices), name
    assert {"page", "page_size"} <= set(documented)


@pytest.fixture
def second_rows(world):
    """A second industry and round, so that every public list has at least two rows."""
    IndustryFactory(code="chemicals", name="化工新材料")
    second = RoundFactory(code="r2", number=2)
    for side in (world.hualong, world.jingkai):
        RoundEntryFactory(round=second, project=side.project, round_list=RoundList.STARTED)
        RoundEntryFactory(round=second, project=side.hidden_project, round_list=RoundList.SIGNED)


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
def test_query_count_does_not_grow_with_the_page(world, second_rows, endpoint, viewer):
    client = world.client(viewer)
    measured = {}
    for page_size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url_of(endpoint), {"page_size": page_size})
        assert response.status_code == 200
        measured[page_size] = (len(queries), len(response.json()["results"]))
    (small_queries, small_rows), (large_queries, large_rows) = measured[1], measured[100]
    assert small_rows == 1 and large_rows >= 2
    assert large_queries == small_queries, measured
