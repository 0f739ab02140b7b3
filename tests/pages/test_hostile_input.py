"""Hostile input to the public pages answers 400 or is ignored, never a 500: digits that
str.isdigit() accepts and int() refuses (², ①)."""

import pytest

pytestmark = pytest.mark.django_db

OTHER_DIGITS = ["²", "①"]


@pytest.mark.parametrize("value", OTHER_DIGITS)
@pytest.mark.parametrize(
    "url", ["/", "/rankings/", "/districts/hualong/", "/projects/hualong-001/"]
)
def test_a_year_in_other_digits_is_a_400_with_the_forms_message(client, site, url, value):
    response = client.get(url, {"year": value})
    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_a_refresh_in_other_digits_is_ignored_by_the_screen(client, site, value):
    response = client.get("/screen/", {"refresh": value})
    assert response.status_code == 200
    assert response.context["screen"]["refresh"] == 60


@pytest.mark.parametrize("version", ["²", "9" * 5000])
def test_a_bulletin_version_that_is_no_number_is_a_404(client, site, version):
    response = client.get("/rankings/bulletin/2022-03.docx", {"version": version})
    assert response.status_code == 404
