"""Every FilterSet through its API endpoint, on `varied_world` as the city administrator: each
filter narrows the list to exactly the rows of its case (tests/filtersets.py), and each
`?ordering=` key sorts the rows by its value, both ways."""

import re
from decimal import Decimal

import pytest

from tests.filtersets import (
    CASES,
    PAGE_FILTERSETS,
    assert_sorted,
    cases,
    every_filterset,
    filter_names,
    ordering_keys,
)

from .endpoints import ENDPOINTS

pytestmark = pytest.mark.django_db

BY_FILTERSET = {endpoint.filterset: endpoint for endpoint in ENDPOINTS}


def rows_of(world, endpoint, params):
    response = world.client("city_admin").get(endpoint.url, {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids_of(endpoint, rows):
    return {str(row[endpoint.row_id]) for row in rows}


@pytest.mark.parametrize("filterset", every_filterset(), ids=lambda f: f.__name__)
def test_every_filter_has_a_positive_case(filterset):
    """A filter nobody checked can silently match everything: each needs a case, checked on
    the API or on a page."""
    assert filterset in BY_FILTERSET or filterset in PAGE_FILTERSETS, "checked on no face"
    assert set(CASES.get(filterset, {})) == set(filter_names(filterset))


@pytest.mark.parametrize(
    ("endpoint", "name", "case"),
    [(endpoint, name, case) for endpoint in ENDPOINTS for name, case in cases(endpoint.filterset)],
    ids=lambda value: getattr(value, "name", None) or (value if isinstance(value, str) else None),
)
def test_a_filter_narrows_the_list_to_its_rows(varied_world, endpoint, name, case):
    everything = ids_of(endpoint, rows_of(varied_world, endpoint, {}))
    expected = {str(getattr(row, endpoint.row_id)) for row in case.rows(varied_world)}
    assert expected and expected < everything  # the case can tell a broken filter
    found = rows_of(varied_world, endpoint, {name: case.query_value(varied_world)})
    assert ids_of(endpoint, found) == expected


def sort_value(client, endpoint, key, row):
    """The value a row is sorted by (from its detail where the list leaves it out); amounts
    (decimal strings) as numbers."""
    if key in endpoint.detail_fields:
        value = client.get(f"{endpoint.url}{row[endpoint.row_id]}/").json()
        for name in endpoint.detail_fields[key]:
            value = value[name]
    else:
        value = row[endpoint.sort_fields.get(key, key)]
    if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d+", value):
        return Decimal(value)
    return value


@pytest.mark.parametrize("direction", ["", "-"], ids=["ascending", "descending"])
@pytest.mark.parametrize(
    ("endpoint", "key"),
    [(endpoint, key) for endpoint in ENDPOINTS for key in ordering_keys(endpoint.filterset)],
    ids=lambda value: getattr(value, "name", value),
)
def test_an_ordering_sorts_the_rows(varied_world, endpoint, key, direction):
    everything = ids_of(endpoint, rows_of(varied_world, endpoint, {}))
    rows = rows_of(varied_world, endpoint, {"ordering": direction + key})
    client = varied_world.client("city_admin")
    values = [sort_value(client, endpoint, key, row) for row in rows]
    assert_sorted(key, values, descending=direction == "-")
    assert ids_of(endpoint, rows) == everything
