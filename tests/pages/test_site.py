"""What every public page shares: well-formed HTML, the language switch."""

import pytest

from .conftest import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/projects/", "/rounds/", "/rankings/", "/feedback/", "/feedback/track/"]
)
def test_every_page_is_well_formed_html(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_valid_html(response.content)
    assert 'action="/i18n/setlang/"' in response.content.decode()


def test_language_switch_to_english_and_back(site):
    from django.test import Client

    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/rankings/"})
    assert response.status_code == 302 and response["Location"] == "/rankings/"
    assert '<html lang="en">' in client.get("/rankings/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
