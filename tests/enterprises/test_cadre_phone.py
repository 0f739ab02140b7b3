"""A cadre on a phone (issue 19), over HTTP: the visit page offers a card per enterprise the
cadre helps (its own first), records a visit dated today with a photo and lands on it; the
visit's page shows the photo as a thumbnail and raises a problem met on it in one form."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.roles import Role
from enterprises.models import Problem, Visit
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import AssignmentFactory, CadreFactory, DistrictFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
QUICK = "/admin/enterprises/visit/quick/"


def jpeg():
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 200)).save(image, "JPEG")
    return SimpleUploadedFile("site.jpg", image.getvalue(), content_type="image/jpeg")


@pytest.fixture
def cadre():
    district = DistrictFactory(code="hualong")
    user = make_official(Role.CADRE, username="wangfang")
    cadre = CadreFactory(district=district, user=user, name="王芳")
    mine = EnterpriseFactory(district=district, name="濮阳市泽城化工有限公司")
    AssignmentFactory(cadre=cadre, enterprise=mine)
    # Another cadre's enterprise the cadre also helps, since a visit of its own: listed after.
    other = EnterpriseFactory(district=district, name="濮阳市安泰新材料有限公司")
    ended = AssignmentFactory(
        cadre=cadre,
        enterprise=other,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    return {"user": user, "cadre": cadre, "mine": mine, "other": other, "ended": ended}


def test_the_cadre_home_leads_to_a_card_per_enterprise_its_own_first(cadre):
    client = client_for(cadre["user"])
    home = client.get("/admin/").content.decode()
    assert f'id="home-visit" href="{QUICK}"' in home
    page = client.get(QUICK)
    assert page.status_code == 200
    cards = [card["enterprise"] for card in page.context["cards"]]
    assert cards == [cadre["mine"], cadre["other"]]
    text = page.content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in text  # dated today
    assert 'capture="environment"' in text


def test_a_visit_with_a_photo_lands_on_its_page_with_a_thumbnail(cadre):
    client = client_for(cadre["user"])
    response = client.post(
        QUICK,
        {
            "enterprise": cadre["mine"].pk,
            "visited_on": timezone.localdate().isoformat(),
            "mode": "visit",
            "summary": "了解企业用工情况",
            "photo": jpeg(),
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == admin_url(Visit, "change", visit.pk)
    assert (visit.cadre, visit.enterprise, visit.district, visit.visited_on) == (
        cadre["cadre"],
        cadre["mine"],
        cadre["mine"].district,
        timezone.localdate(),
    )
    page = client.get(response["Location"]).content.decode()
    photo = visit.photos.get()
    assert f'<img class="thumb" src="{photo.image.url}"' in page
    assert 'id="quick-problem"' in page


def test_a_visit_refused_says_why(cadre):
    client = client_for(cadre["user"])
    stranger = EnterpriseFactory()
    future = timezone.localdate() + datetime.timedelta(days=3)
    for data in (
        {"enterprise": stranger.pk, "visited_on": timezone.localdate().isoformat()},
        {"enterprise": cadre["mine"].pk, "visited_on": future.isoformat()},
        {"enterprise": "x", "visited_on": "soon"},
    ):
        response = client.post(QUICK, {"mode": "visit", **data})
        assert response.status_code == 400
    assert not Visit.objects.exists()


def test_officials_who_are_not_cadres_use_the_ordinary_form(cadre):
    reporter = make_official(Role.REPORTER, cadre["mine"].district)
    response = client_for(reporter).get(QUICK)
    assert response.status_code == 302 and response["Location"].endswith("/visit/add/")
    form = client_for(reporter).get(admin_url(Visit, "add"))
    assert form.context["adminform"].form.initial["visited_on"] == timezone.localdate()


def test_a_problem_raised_from_the_visit_page(cadre):
    client = client_for(cadre["user"])
    visit = Visit.objects.create(
        cadre=cadre["cadre"],
        enterprise=cadre["mine"],
        district=cadre["mine"].district,
        visited_on=timezone.localdate(),
    )
    url = reverse("admin:enterprises_visit_raise_problem", args=[visit.pk])
    refused = client.post(url, {"description": "", "category": "labour"}, follow=True)
    assert not Problem.objects.exists() and refused.status_code == 200
    response = client.post(
        url, {"description": "一线操作工缺口约50人\n希望对接职业院校", "category": "labour"}
    )
    assert response["Location"] == admin_url(Visit, "change", visit.pk)  # back on the visit
    problem = Problem.objects.get()
    assert (problem.title, problem.source, problem.visit, problem.enterprise) == (
        "一线操作工缺口约50人",
        "visit",
        visit,
        cadre["mine"],
    )
    assert (problem.assignee, problem.district, problem.status) == (
        cadre["cadre"],
        visit.district,
        "raised",
    )
    assert problem.due_date is not None  # an intake like any other
    assert client.get(url).status_code == 403
