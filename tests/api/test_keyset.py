"""Keyset pagination (DESIGN.md "Sync"): `?cursor=` beside `?page=` on every list; a walk
sees every row once, filters apply, `previous` goes back, any page costs the queries of the
first, and a cursor the API did not hand out is a 400."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.factories import ProjectFactory

LIST = "/api/v1/projects/"


def walk(client, params):
    """Every page of a keyset walk: the codes in order, and the responses."""
    pages = []
    response = client.get(LIST, {**params, "cursor": ""})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body)
        if body["next"] is None:
            return pages
        assert "cursor=" in body["next"]
        response = client.get(body["next"])


def test_a_walk_sees_every_row_once_in_creation_order(world, token_client):
    client = token_client(world.users["city_admin"])
    for n in range(5):
        ProjectFactory(code=f"keyset-{n}", district=world.hualong.district)
    pages = walk(client, {"page_size": 2})
    codes = [row["code"] for page in pages for row in page["results"]]
    expected = list(Project.objects.order_by("pk").values_list("code", flat=True))
    assert codes == expected
    assert all(len(page["results"]) <= 2 for page in pages)
    assert {page["count"] for page in pages} == {len(expected)}
    assert pages[0]["previous"] is None
    # Back from the second page is the first page again.
    back = client.get(pages[1]["previous"]).json()
    assert [row["code"] for row in back["results"]] == [row["code"] for row in pages[0]["results"]]


def test_filters_and_the_gate_apply(world, api_client):
    for n in range(3):
        ProjectFactory(code=f"keyset-hl-{n}", district=world.hualong.district)
    pages = walk(api_client, {"district": world.hualong.district.code, "page_size": 1})
    codes = [row["code"] for page in pages for row in page["results"]]
    expected = list(
        Project.objects.public()
        .filter(district=world.hualong.district)
        .order_by("pk")
        .values_list("code", flat=True)
    )
    assert codes == expected
    assert world.hualong.hidden_project.code not in codes


def test_a_deep_page_costs_what_the_first_costs(world, token_client, uncached):
    client = token_client(world.users["city_admin"])
    for n in range(12):
        ProjectFactory(code=f"deep-{n:02d}", district=world.jingkai.district)
    first = client.get(LIST, {"cursor": "", "page_size": 2})
    deep_url = first.json()["next"]
    for _ in range(4):
        deep_url = client.get(deep_url).json()["next"]
    with CaptureQueriesContext(connection) as on_first:
        client.get(LIST, {"cursor": "", "page_size": 2})
    with CaptureQueriesContext(connection) as on_deep:
        deep = client.get(deep_url)
    assert deep.status_code == 200
    assert len(on_deep) == len(on_first)
    # Keyset, not OFFSET: the deep page's rows are found by their key.
    page_sql = [q["sql"] for q in on_deep.captured_queries if "LIMIT" in q["sql"]]
    assert page_sql and all("OFFSET" not in sql for sql in page_sql)


def test_page_numbers_still_work(world, api_client):
    body = api_client.get(LIST, {"page": 1, "page_size": 1}).json()
    assert body["next"] is not None and "page=2" in body["next"]


@pytest.mark.parametrize(
    "params, field",
    [({"cursor": "not-a-cursor"}, "cursor"), ({"cursor": "", "page_size": "0"}, "page_size")],
)
def test_bad_cursor_is_a_400(world, api_client, params, field):
    response = api_client.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_cursor_is_in_the_links(world, api_client):
    ProjectFactory(code="link-1", district=world.hualong.district)
    body = api_client.get(LIST, {"cursor": "", "page_size": 1}).json()
    query = parse_qs(urlsplit(body["next"]).query)
    assert query["page_size"] == ["1"] and query["cursor"][0]
