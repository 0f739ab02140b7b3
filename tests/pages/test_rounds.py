"""/rounds/ (projects/views.py RoundListView): each "三个一批" round in its three lists."""

import pytest

pytestmark = pytest.mark.django_db


def test_rounds_page_lists_each_round_in_three_lists(client, site):
    response = client.get("/rounds/")
    (item,) = response.context["figures"]["results"]
    assert [entry["list"] for entry in item["lists"]] == ["signed", "started", "in_production"]
    listed = {p.code for entry in item["lists"] for p in entry["projects"]}
    assert listed == {p.code for p in site["projects"]}
    assert site["hidden"].code not in response.content.decode()
