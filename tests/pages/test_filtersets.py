"""The pages that filter with a FilterSet, on `varied_world` as the city administrator (who
also has the officials' `published` filter): each filter's case (tests/filtersets.py) shows
exactly its rows, on /projects/ (ProjectFilterSet, whose every sort key orders the table both
ways) and on /rounds/ (RoundEntryFilterSet)."""

import pytest

from projects.filtersets import ProjectFilterSet, RoundEntryFilterSet
from tests.filtersets import assert_sorted, cases, ordering_keys

from .helpers import listed_codes, listed_round_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, varied_world):
    client.force_login(varied_world.users["city_admin"])
    return client


def case_ids(value):
    return value if isinstance(value, str) else None


@pytest.mark.parametrize(("name", "case"), cases(ProjectFilterSet), ids=case_ids)
def test_a_project_filter_lists_exactly_its_projects(admin_client, varied_world, name, case):
    everything = set(listed_codes(admin_client.get("/projects/")))
    expected = {project.code for project in case.rows(varied_world)}
    assert expected and expected < everything  # the case can tell a broken filter
    response = admin_client.get("/projects/", {name: case.query_value(varied_world)})
    assert response.status_code == 200
    assert set(listed_codes(response)) == expected


@pytest.mark.parametrize("direction", ["", "-"], ids=["ascending", "descending"])
@pytest.mark.parametrize("key", ordering_keys(ProjectFilterSet))
def test_a_sort_key_orders_the_project_table(admin_client, varied_world, key, direction):
    response = admin_client.get("/projects/", {"ordering": direction + key})
    # The rows as the table shows them, with the values (and figures) they were shown with.
    shown = response.context["projects"]
    assert [project.code for project in shown] == listed_codes(response)
    assert_sorted(key, [getattr(project, key) for project in shown], descending=direction == "-")
    assert {project.code for project in shown} == set(listed_codes(admin_client.get("/projects/")))


def listed_entries(response):
    """(round, list, project) of every entry the rounds page's table lists, and the sum of
    its figures' counts."""
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert not page.has_next()
    rows = listed_round_entries(response)
    listed = set(rows)
    counted = sum(
        figure["count"]
        for item in response.context["figures"]["results"]
        for figure in item["lists"]
    )
    assert len(rows) == len(listed) == counted
    return listed


@pytest.mark.parametrize(("name", "case"), cases(RoundEntryFilterSet), ids=case_ids)
def test_a_round_filter_lists_exactly_its_entries(admin_client, varied_world, name, case):
    everything = listed_entries(admin_client.get("/rounds/"))
    expected = {(e.round.code, e.round_list, e.project.code) for e in case.rows(varied_world)}
    assert expected and expected < everything  # the case can tell a broken filter
    response = admin_client.get("/rounds/", {name: case.query_value(varied_world)})
    assert listed_entries(response) == expected
