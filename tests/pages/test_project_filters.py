"""/projects/ filters and sorts with ProjectFilterSet: on `varied_world`, as the city
administrator (who also has the officials' `published` filter), each filter's case
(tests/filtersets.py) lists exactly its projects and each sort key orders the table both
ways."""

import pytest

from projects.filtersets import ProjectFilterSet
from projects.models import Project
from tests.filtersets import cases, ordering_keys

from .helpers import listed_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, varied_world):
    client.force_login(varied_world.users["city_admin"])
    return client


@pytest.mark.parametrize(
    ("name", "case"),
    cases(ProjectFilterSet),
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_filter_lists_exactly_its_projects(admin_client, varied_world, name, case):
    everything = set(listed_codes(admin_client.get("/projects/")))
    expected = {project.code for project in case.rows(varied_world)}
    assert expected and expected < everything  # the case can tell a broken filter
    response = admin_client.get("/projects/", {name: case.query_value(varied_world)})
    assert response.status_code == 200
    assert set(listed_codes(response)) == expected


@pytest.mark.parametrize("direction", ["", "-"], ids=["ascending", "descending"])
@pytest.mark.parametrize("key", ordering_keys(ProjectFilterSet))
def test_a_sort_key_orders_the_table(admin_client, key, direction):
    codes = listed_codes(admin_client.get("/projects/", {"ordering": direction + key}))
    value = dict(Project.objects.values_list("code", key))
    shown = [value[code] for code in codes]
    assert len(set(shown)) >= 2  # an order to get wrong
    assert shown == sorted(shown, reverse=direction == "-")
    assert set(codes) == set(value)
