"""/rounds/ (projects/views.py RoundListView): each "三个一批" round in its three lists, with
their figures, and the projects on them a page at a time."""

import pytest

from projects.choices import RoundList
from tests.factories import ProjectFactory, RoundEntryFactory, RoundFactory

from .helpers import listed_round_entries

pytestmark = pytest.mark.django_db


def test_rounds_page_lists_each_round_in_three_lists(client, site):
    response = client.get("/rounds/")
    (item,) = response.context["figures"]["results"]
    assert [entry["list"] for entry in item["lists"]] == ["signed", "started", "in_production"]
    listed = {project for _round, _list, project in listed_round_entries(response)}
    assert listed == {p.code for p in site["projects"]}
    assert site["hidden"].code not in response.content.decode()


def test_a_lists_count_links_to_its_projects(client, site):
    response = client.get("/rounds/")
    (item,) = response.context["figures"]["results"]
    code = item["round"].code
    link = f'href="?round={code}&amp;list=started#entries"'
    assert link in response.content.decode()
    started = client.get("/rounds/", {"round": code, "list": "started"})
    rows = listed_round_entries(started)
    assert rows and {(round_, list_) for round_, list_, _project in rows} == {(code, "started")}
    count = next(f["count"] for f in item["lists"] if f["list"] == "started")
    assert len(rows) == count


def test_a_round_with_many_projects_is_listed_a_page_at_a_time(client, db):
    round_ = RoundFactory(code="big", number=9)
    for i in range(45):
        RoundEntryFactory(
            round=round_,
            project=ProjectFactory(code=f"p{i:03}", is_published=True),
            round_list=RoundList.STARTED if i % 3 else RoundList.SIGNED,
        )
    first = client.get("/rounds/", {"round": "big"})
    rows = listed_round_entries(first)
    assert len(rows) == 20
    assert first.context["page_obj"].paginator.count == 45
    # In the campaign's order of lists (signed before started), then by project code.
    signed = [f"p{i:03}" for i in range(0, 45, 3)]
    assert [project for _r, _l, project in rows[:15]] == signed
    assert 'rel="next" href="?round=big&amp;page=2"' in first.content.decode()
    last = client.get("/rounds/", {"round": "big", "page": 3})
    assert len(listed_round_entries(last)) == 5
    everything = client.get("/rounds/", {"round": "big", "page_size": 100})
    assert len(set(listed_round_entries(everything))) == 45


def test_a_new_entry_is_listed_at_once_on_the_cached_page(client, site):
    first = client.get("/rounds/")
    (item,) = first.context["figures"]["results"]
    before = listed_round_entries(client.get("/rounds/"))  # from the cache
    assert before == listed_round_entries(first)
    project = ProjectFactory(code="late", is_published=True)
    RoundEntryFactory(round=item["round"], project=project, round_list=RoundList.SIGNED)
    after = listed_round_entries(client.get("/rounds/"))
    assert set(after) - set(before) == {(item["round"].code, "signed", "late")}
