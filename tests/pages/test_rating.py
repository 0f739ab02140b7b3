"""The public tracking page: the handling unit, the due date and a timeline; once resolved,
the enterprise rates the outcome itself with its tracking code and the phone it gave."""

import pytest

from enterprises.models import Problem
from tests.factories import CadreFactory, DistrictFactory, ProblemFactory

pytestmark = pytest.mark.django_db
TRACK = "/feedback/track/"


@pytest.fixture
def resolved():
    district = DistrictFactory(name="华龙区")
    return ProblemFactory(
        district=district,
        resolved=True,
        responsible_unit="",
        assignee=CadreFactory(
            district=district, unit="华龙区工信局", name="王伟", phone="13700000000"
        ),
        submitter_phone="139-0000-1234",
    )


def test_the_page_shows_the_handling_unit_the_due_date_and_a_timeline(client, resolved):
    page = client.get(TRACK, {"code": resolved.tracking_code}).content.decode()
    assert "华龙区工信局" in page and "2022-06-30" in page
    assert 'class="timeline"' in page and "2022-05-13" in page and "2022-06-10" in page
    assert "王伟" not in page and "13700000000" not in page  # a unit, never a person
    assert 'name="phone"' in page and 'name="satisfaction"' in page


def test_the_enterprise_rates_with_the_phone_it_gave(client, resolved):
    wrong = client.post(
        TRACK, {"code": resolved.tracking_code, "phone": "13900009999", "satisfaction": "satisfied"}
    )
    assert wrong.status_code == 400 and "not the phone" in wrong.content.decode()
    resolved.refresh_from_db()
    assert resolved.satisfaction == ""
    response = client.post(
        TRACK,
        {"code": resolved.tracking_code, "phone": "13900001234", "satisfaction": "satisfied"},
        follow=True,
    )
    assert response.status_code == 200
    resolved.refresh_from_db()
    assert resolved.satisfaction == "satisfied"
    page = response.content.decode()
    assert 'data-satisfaction="satisfied"' in page and 'name="phone"' not in page
    again = client.post(
        TRACK,
        {"code": resolved.tracking_code, "phone": "13900001234", "satisfaction": "dissatisfied"},
    )
    assert again.status_code == 400
    assert Problem.objects.get(pk=resolved.pk).satisfaction == "satisfied"


def test_an_open_problem_cannot_be_rated(client):
    problem = ProblemFactory(submitter_phone="13900001234")
    page = client.get(TRACK, {"code": problem.tracking_code}).content.decode()
    assert 'name="satisfaction"' not in page
    response = client.post(
        TRACK, {"code": problem.tracking_code, "phone": "13900001234", "satisfaction": "satisfied"}
    )
    assert response.status_code == 400
    assert Problem.objects.get(pk=problem.pk).satisfaction == ""


def test_an_unknown_code_is_not_rated(client):
    response = client.post(
        TRACK, {"code": "WQ-20220101-XXXXXX", "phone": "13900001234", "satisfaction": "satisfied"}
    )
    assert response.status_code == 404
