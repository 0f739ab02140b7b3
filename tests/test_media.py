"""Photo files, tried from outside: `/media/…` answers only to whoever may see the photo
(photos of unpublished projects and of unapproved reports stay private), new uploads get
random names, and behind nginx the file is handed over with X-Accel-Redirect."""

import io
import re

import pytest
from django.test import Client
from django_sendfile.utils import _get_sendfile
from PIL import Image

from core.roles import Role
from projects.models import Photo
from tests.admin.helpers import admin_url, client_for, make_official
from tests.factories import DistrictFactory, PhotoFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos():
    hualong, jingkai = DistrictFactory(code="hualong"), DistrictFactory(code="jingkai")
    published = ProjectFactory(district=hualong, is_published=True)
    unpublished = ProjectFactory(district=hualong, is_published=False)
    draft = ProgressReportFactory(project=published, month=2)
    approved = ProgressReportFactory(project=published, month=1, approved=True)
    return {
        "public": PhotoFactory(project=published),
        "approved report": PhotoFactory(project=published, report=approved),
        "draft report": PhotoFactory(project=published, report=draft),
        "unpublished project": PhotoFactory(project=unpublished),
        "reporter": make_official(Role.REPORTER, hualong, username="reporter"),
        "other_reporter": make_official(Role.REPORTER, jingkai, username="other"),
        "city_admin": make_official(Role.CITY_ADMIN, username="admin"),
    }


def fetch(client, photo):
    return client.get(photo.image.url)


@pytest.mark.parametrize("name", ["public", "approved report"])
def test_a_published_photo_is_served_to_anyone(photos, name):
    response = fetch(Client(), photos[name])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == photos[name].image.read()
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["draft report", "unpublished project"])
def test_a_private_photo_is_served_only_to_officials_who_may_see_it(photos, name):
    photo = photos[name]
    assert fetch(Client(), photo).status_code == 404
    assert fetch(client_for(photos["other_reporter"]), photo).status_code == 404
    assert fetch(client_for(photos["reporter"]), photo).status_code == 200
    assert fetch(client_for(photos["city_admin"]), photo).status_code == 200


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
