"""Cadres and the problem ledger in the admin: the tracking code only once it is given; a
problem raised from a visit carries its enterprise and district; a visit carries photos;
受理 needs an assignee (searched) and gets a due date from the category by default."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from enterprises.choices import ProblemStatus
from enterprises.models import Problem, Visit, VisitPhoto
from tests.factories import ProblemFactory, VisitFactory

from .helpers import admin_url, client_for

pytestmark = pytest.mark.django_db


def jpeg():
    data = io.BytesIO()
    Image.new("RGB", (30, 20), "red").save(data, "JPEG")
    return SimpleUploadedFile("visit.jpg", data.getvalue(), content_type="image/jpeg")


def problem_form(**values):
    data = {
        "title": "用工缺口",
        "description": "缺熟练工20人",
        "category": "labour",
        "source": "visit",
        "district": "",
        "raised_on": "2022-06-01",
        "responsible_unit": "",
    }
    data.update(values)
    return data


def test_the_tracking_code_appears_only_once_given(world):
    client = client_for(world.reporter)
    add = client.get(admin_url(Problem, "add"))
    assert "tracking_code" not in str(add.context["adminform"].fieldsets)
    assert "WQ-" not in add.content.decode()
    response = client.post(
        admin_url(Problem, "add"),
        problem_form(district=world.hualong.pk, enterprise=world.enterprise.pk),
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    page = client.get(admin_url(Problem, "change", problem.pk)).content.decode()
    assert problem.tracking_code in page


def test_a_problem_raised_from_a_visit_carries_its_enterprise_and_district(world):
    visit = VisitFactory(cadre=world.cadre, enterprise=world.enterprise, district=world.hualong)
    client = client_for(world.cadre_user)
    page = client.get(admin_url(Visit, "change", visit.pk))
    url = page.context["raise_problem_url"]
    assert 'id="raise-problem"' in page.content.decode()
    initial = client.get(url).context["adminform"].form.initial
    assert (initial["visit"], initial["enterprise"], initial["district"], initial["source"]) == (
        str(visit.pk),
        str(world.enterprise.pk),
        str(world.hualong.pk),
        "visit",
    )
    response = client.post(
        url,
        problem_form(visit=visit.pk, enterprise=world.enterprise.pk, district=world.hualong.pk),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    problem = Problem.objects.get()
    assert (problem.visit, problem.enterprise, problem.district) == (
        visit,
        world.enterprise,
        world.hualong,
    )
    # The visit lists the problems raised on it.
    assert (
        problem.tracking_code in client.get(admin_url(Visit, "change", visit.pk)).content.decode()
    )


def test_a_visit_carries_photos(world):
    visit = VisitFactory(cadre=world.cadre, enterprise=world.enterprise, district=world.hualong)
    client = client_for(world.cadre_user)
    form = client.get(admin_url(Visit, "change", visit.pk)).context["adminform"].form
    data = {
        "cadre": world.cadre.pk,
        "enterprise": world.enterprise.pk,
        "district": world.hualong.pk,
        "visited_on": visit.visited_on.isoformat(),
        "mode": visit.mode,
        "summary": visit.summary,
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": jpeg(),
        "photos-0-caption": "车间现场",
        "problems-TOTAL_FORMS": "0",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "1000",
    }
    assert form.instance == visit
    response = client.post(admin_url(Visit, "change", visit.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert VisitPhoto.objects.get().caption == "车间现场"
    assert VisitPhoto.objects.managed_by(world.other_reporter).count() == 0


def accept(client, problem, data):
    return client.post(admin_url(Problem, "transition", problem.pk, "accept"), data)


def test_accepting_needs_a_searchable_assignee(world):
    problem = ProblemFactory(district=world.hualong, enterprise=world.enterprise)
    client = client_for(world.reporter)
    page = client.get(admin_url(Problem, "transition", problem.pk, "accept"))
    html = page.content.decode()
    assert "admin-autocomplete" in html and "autocomplete.js" in html
    response = accept(client, problem, {})
    assert "assignee" in response.context["form"].errors
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RAISED
    # The search behind the field finds the district's cadres by name.
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "enterprises",
            "model_name": "problem",
            "field_name": "assignee",
            "term": "王",
        },
    ).json()
    assert [int(r["id"]) for r in found["results"]] == [world.cadre.pk]


def test_the_due_date_defaults_from_the_category(world):
    problem = ProblemFactory(
        district=world.hualong, enterprise=world.enterprise, category="labour", due_date=None
    )
    accept(client_for(world.reporter), problem, {"assignee": world.cadre.pk})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ACCEPTED
    # Raised Thursday 2022-05-12: 15 working days (the default closure limit), the Dragon
    # Boat Festival (Friday 3 June) aside: 13, 16–20, 23–27, 30, 31 May, 1, 2 June.
    assert problem.due_date == datetime.date(2022, 6, 2)
