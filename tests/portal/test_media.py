"""Uploaded files, tried from outside: `/media/…` answers only to whoever may see the record
holding the file (photos of unpublished projects and of unapproved reports, visits' photos
and photos sent with a problem stay private), new uploads get random names, and behind nginx
the file is handed over with X-Accel-Redirect."""

import io
import re

import factory
import pytest
from django.test import Client
from django_sendfile.utils import _get_sendfile
from PIL import Image

from core.roles import Role
from enterprises.models import Problem
from projects.models import Photo
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import (
    CadreFactory,
    DistrictFactory,
    PhotoFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
    VisitFactory,
    VisitPhotoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos():
    hualong, jingkai = DistrictFactory(code="hualong"), DistrictFactory(code="jingkai")
    published = ProjectFactory(district=hualong, is_published=True)
    unpublished = ProjectFactory(district=hualong, is_published=False)
    draft = ProgressReportFactory(project=published, month=2)
    approved = ProgressReportFactory(project=published, month=1, approved=True)
    cadre_user = make_official(Role.CADRE, username="cadre")
    visit = VisitFactory(cadre=CadreFactory(district=hualong, user=cadre_user))
    return {
        "public": PhotoFactory(project=published),
        "approved report": PhotoFactory(project=published, report=approved),
        "draft report": PhotoFactory(project=published, report=draft),
        "unpublished project": PhotoFactory(project=unpublished),
        "visit": VisitPhotoFactory(visit=visit),
        "feedback": ProblemFactory(district=hualong, photo=factory.django.ImageField()),
        "cadre": cadre_user,
        "reporter": make_official(Role.REPORTER, hualong, username="reporter"),
        "other_reporter": make_official(Role.REPORTER, jingkai, username="other"),
        "city_admin": make_official(Role.CITY_ADMIN, username="admin"),
    }


def fetch(client, row):
    return client.get((row.photo if isinstance(row, Problem) else row.image).url)


@pytest.mark.parametrize("name", ["public", "approved report"])
def test_a_published_photo_is_served_to_anyone(photos, name):
    response = fetch(Client(), photos[name])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == photos[name].image.read()
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["draft report", "unpublished project", "visit", "feedback"])
def test_a_private_photo_is_served_only_to_officials_who_may_see_it(photos, name):
    photo = photos[name]
    assert fetch(Client(), photo).status_code == 404
    assert fetch(client_for(photos["other_reporter"]), photo).status_code == 404
    assert fetch(client_for(photos["reporter"]), photo).status_code == 200
    assert fetch(client_for(photos["city_admin"]), photo).status_code == 200


def test_a_cadre_gets_its_own_visits_photos(photos):
    assert fetch(client_for(photos["cadre"]), photos["visit"]).status_code == 200


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(photos, settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    _get_sendfile.cache_clear()
    try:
        response = fetch(Client(), photos["public"])
    finally:
        _get_sendfile.cache_clear()
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photos['public'].image.name}"
    assert not response.content


def test_an_uploaded_photo_is_stored_under_a_random_name(photos):
    photo = photos["public"]
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, format="JPEG")
    image.name = "华龙区-保密项目-现场.JPG"
    image.seek(0)
    data = {
        "project": photo.project_id,
        "report": "",
        "caption": "现场",
        "taken_on": "",
        "order": "0",
        "image": image,
    }
    response = client_for(photos["reporter"]).post(admin_url(Photo, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Photo.objects.get(caption="现场").image.name
    assert re.fullmatch(r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored)


def test_a_visit_photo_is_stored_under_a_random_name(photos):
    field = photos["visit"]._meta.get_field("image")
    stored = field.generate_filename(photos["visit"], "企业-保密车间.PNG")
    assert re.fullmatch(r"visits/\d{4}/\d{2}/[0-9a-f]{32}\.png", stored)
