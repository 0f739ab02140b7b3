"""Duplicates (issue 19): on intake officials see the enterprise's open problems of the same
category and may mark the new one a duplicate of one of them (by tracking code); it then
follows that one's status."""

import datetime

import pytest
from django.utils import timezone

from core.roles import Role
from enterprises.choices import ProblemStatus
from enterprises.models import Problem
from enterprises.services import open_same_category
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    side = world.hualong
    original = ProblemFactory(
        district=side.district,
        enterprise=side.enterprise,
        category="labour",
        in_progress=True,
        assignee=side.cadre,
        responsible_unit="华龙区人社局",
    )
    new = ProblemFactory(
        district=side.district,
        enterprise=side.enterprise,
        category="labour",
        raised_on=datetime.date(2022, 6, 1),
        due_date=None,
        responsible_unit="",
        submitter_phone="13900001234",
    )
    return original, new


def test_officials_see_the_open_problems_of_the_same_enterprise_and_category(world, pair):
    original, new = pair
    side = world.hualong
    ProblemFactory(district=side.district, enterprise=side.enterprise, category="land")
    ProblemFactory(
        district=side.district, enterprise=side.enterprise, category="labour", closed=True
    )
    assert list(open_same_category(new)) == [original]
    assert list(open_same_category(original)) == [new]


def test_a_duplicate_follows_its_original(world, pair):
    original, new = pair
    reporter = world.client("reporter")
    url = f"/api/v1/problems/{new.tracking_code}/mark-duplicate/"
    unknown = reporter.post(url, {"duplicate_of": "WQ-20220101-XXXXXX"}, format="json")
    assert unknown.status_code == 400 and "duplicate_of" in unknown.json()
    itself = reporter.post(url, {"duplicate_of": new.tracking_code}, format="json")
    assert itself.status_code == 400 and "duplicate_of" in itself.json()
    other = ProblemFactory(district=world.hualong.district, category="land", in_progress=True)
    elsewhere = reporter.post(url, {"duplicate_of": other.tracking_code}, format="json")
    assert elsewhere.status_code == 400 and "duplicate_of" in elsewhere.json()

    marked = reporter.post(url, {"duplicate_of": original.tracking_code.lower()}, format="json")
    assert marked.status_code == 200, marked.content
    body = marked.json()
    assert (body["duplicate_of"], body["status"], body["assignee"]) == (
        original.tracking_code,
        "in_progress",
        world.hualong.cadre.pk,
    )
    # Accepted on 13 May, before the duplicate was raised on 1 June: its own day instead.
    assert body["accepted_on"] == "2022-06-01"
    refused = reporter.post(
        f"/api/v1/problems/{new.tracking_code}/resolve/",
        {"resolution": "已办", "outcome": "solved"},
        format="json",
    )
    assert refused.status_code == 400 and "duplicate_of" in refused.json()

    resolved = reporter.post(
        f"/api/v1/problems/{original.tracking_code}/resolve/",
        {"resolution": "已对接职业院校", "outcome": "solved"},
        format="json",
    )
    assert resolved.status_code == 200, resolved.content
    tracked = world.client("anonymous").get(f"/api/v1/problems/track/{new.tracking_code}/")
    assert (
        tracked.json()["status"],
        tracked.json()["outcome"],
        tracked.json()["duplicate_of"],
    ) == (
        "resolved",
        "solved",
        original.tracking_code,
    )
    # The enterprise reopening with the duplicate's code reopens the original.
    reopened = world.client("anonymous").post(
        f"/api/v1/problems/track/{new.tracking_code}/reopen/",
        {"phone": "13900001234", "reason": "仍缺人"},
        format="json",
    )
    assert reopened.status_code == 200, reopened.content
    original.refresh_from_db()
    assert (original.status, original.reopened) == (ProblemStatus.IN_PROGRESS, 1)
    assert Problem.objects.get(pk=new.pk).status == ProblemStatus.IN_PROGRESS
    assert original.reopened_on == timezone.localdate()


def test_the_admin_lists_the_candidates_and_marks_the_duplicate(world, pair):
    original, new = pair
    client = client_for(make_official(Role.REPORTER, world.hualong.district))
    page = client.get(admin_url(Problem, "change", new.pk)).content.decode()
    assert original.tracking_code in page
    url = admin_url(Problem, "transition", new.pk, "mark_duplicate")
    form = client.get(url)
    assert form.context["form"].fields["duplicate_of"].choices[0][0] == original.tracking_code
    client.post(url, {"duplicate_of": original.tracking_code})
    new.refresh_from_db()
    assert (new.duplicate_of, new.status) == (original, ProblemStatus.IN_PROGRESS)


def test_on_intake_the_api_lists_the_open_problems_of_the_enterprise_and_category(world, pair):
    """What the admin's add form shows (static/js/problem-duplicates.js asks for it): the
    enterprise's open problems of the category, oldest first, within the official's scope."""
    original, new = pair
    side = world.hualong
    ProblemFactory(district=side.district, enterprise=side.enterprise, category="land")
    ProblemFactory(
        district=side.district, enterprise=side.enterprise, category="labour", closed=True
    )
    query = {
        "enterprise": side.enterprise.credit_code,
        "category": "labour",
        "open": "true",
        "ordering": "raised_on",
    }
    rows = world.client("reporter").get("/api/v1/problems/", query).json()["results"]
    # original raised on 2022-05-12 by the factory's default, the new one on 2022-06-01.
    assert [(row["tracking_code"], row["status"]) for row in rows] == [
        (original.tracking_code, "in_progress"),
        (new.tracking_code, "raised"),
    ]
    closed = world.client("reporter").get("/api/v1/problems/", {**query, "open": "false"})
    assert [row["category"] for row in closed.json()["results"]] == ["labour"]
    wrong = world.client("reporter").get("/api/v1/problems/", {**query, "open": "maybe"})
    assert wrong.status_code == 400 and "open" in wrong.json()


def test_the_admin_add_form_marks_a_new_problem_a_duplicate(world, pair):
    original, _new = pair
    side = world.hualong
    client = client_for(make_official(Role.REPORTER, side.district))
    url = admin_url(Problem, "add")
    page = client.get(url).content.decode()
    assert 'id="id_duplicate_code"' in page and "js/problem-duplicates.js" in page
    form = {
        "title": "招工难",
        "description": "缺焊工三十名",
        "category": "labour",
        "source": "visit",
        "enterprise": side.enterprise.pk,
        "district": side.district.pk,
        "raised_on": "2022-07-01",
    }
    land = ProblemFactory(
        district=side.district, enterprise=side.enterprise, category="land", in_progress=True
    )
    refused = client.post(url, {**form, "duplicate_code": land.tracking_code})
    assert refused.status_code == 200
    assert "duplicate_code" in refused.context["adminform"].form.errors
    # Shown again, the chosen enterprise carries its credit code for the page's script.
    assert f'data-code="{side.enterprise.credit_code}"' in refused.content.decode()
    assert not Problem.objects.filter(title="招工难").exists()

    saved = client.post(url, {**form, "duplicate_code": original.tracking_code.lower()})
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    problem = Problem.objects.get(title="招工难")
    assert (problem.duplicate_of, problem.status, problem.assignee) == (
        original,
        ProblemStatus.IN_PROGRESS,
        side.cadre,
    )

    plain = client.post(url, {**form, "title": "用工缺口"})
    assert plain.status_code == 302
    assert Problem.objects.get(title="用工缺口").duplicate_of is None
