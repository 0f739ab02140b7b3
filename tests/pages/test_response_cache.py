"""Public responses from the shared cache (core.cache.PublicResponseCacheMiddleware): served
without touching the records, yet with the headers the page was made with, a CSRF token of
the visitor's own, in the visitor's language, never to an official, and never after a
write to the records they show."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views import View

from core.cache import PublicResponseCacheMixin
from core.roles import Role
from projects.models import AnnualPlan
from tests.admin.helpers import client_for, make_official
from tests.factories import FundingFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def record_queries(client, url):
    """The response, and the queries it made of anything but the cache's own table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if "django_cache" not in q["sql"]]


@pytest.mark.parametrize(
    "url", ["/", "/rankings/", "/projects/", "/rounds/", "/api/v1/stats/districts/"]
)
def test_a_repeated_public_request_is_served_from_the_cache_with_its_headers(site, url):
    first, first_queries = record_queries(Client(), url)
    again, again_queries = record_queries(Client(), url)
    assert first.status_code == again.status_code == 200
    assert first_queries and not again_queries
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary"):
        assert again[header] == first[header], header
    assert again["Content-Length"] == str(len(again.content))


@pytest.mark.parametrize("url", ["/", "/rankings/"])
def test_a_browser_holding_the_page_gets_304_until_the_records_change(
    site, url, django_capture_on_commit_callbacks
):
    first = Client().get(url)
    assert first["ETag"].startswith('W/"')
    again, queries = record_queries(Client(), url)
    assert again["ETag"] == first["ETag"] and not queries
    unchanged = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""

    with django_capture_on_commit_callbacks(execute=True):
        AnnualPlan.objects.filter(project=site["first"]).update(
            planned_investment=Decimal("24000.00")
        )
    changed = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_each_visitor_of_a_cached_page_gets_a_csrf_token_that_works(site):
    Client().get("/rankings/")  # cached now
    tokens = []
    for _visitor in range(2):
        strict = Client(enforce_csrf_checks=True)
        page = strict.get("/rankings/")
        assert "csrftoken" in page.cookies
        token = TOKEN.search(page.content.decode()).group(1)
        switched = strict.post(
            "/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_X_CSRFTOKEN=token
        )
        assert switched.status_code == 302
        tokens.append(token)
    assert tokens[0] != tokens[1]


class ByAccept(PublicResponseCacheMixin, View):
    """A public view whose answer depends on a header the cache's key does not name."""

    def get(self, request):
        response = HttpResponse(request.headers["Accept"], content_type="text/plain")
        patch_vary_headers(response, ["Accept"])
        return response


urlpatterns = [path("by-accept/", ByAccept.as_view())]


def test_a_response_that_varies_on_a_header_the_key_does_not_name_is_not_kept(settings):
    settings.ROOT_URLCONF = __name__
    assert Client(HTTP_ACCEPT="text/csv").get("/by-accept/").content == b"text/csv"
    json = Client(HTTP_ACCEPT="application/json").get("/by-accept/")
    assert json.content == b"application/json"


def test_each_language_is_cached_apart(site):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rankings/").content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/rankings/").content.decode()
    again = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rankings/").content.decode()
    assert '<html lang="en">' in english and '<html lang="en">' in again
    assert '<html lang="zh-hans">' in chinese


def test_an_official_is_never_served_the_public_copy(site):
    public = Client(HTTP_ACCEPT_LANGUAGE="en").get("/projects/?page_size=100")
    assert site["hidden"].code not in public.content.decode()
    official = client_for(make_official(Role.CITY_ADMIN, username="city"))
    response, queries = record_queries(official, "/projects/?page_size=100")
    assert queries and site["hidden"].code in response.content.decode()


def test_plan_and_funding_changes_reach_the_cached_pages_at_once(site):
    public = Client(HTTP_ACCEPT_LANGUAGE="en")
    first = site["first"]
    before = public.get(f"/projects/{first.code}/").context["progress"]
    assert public.get("/").context["funding"]["secured"] == Decimal("1000.00")

    AnnualPlan.objects.filter(project=first).update(planned_investment=Decimal("24000.00"))
    FundingFactory(project=first, year=2022, secured=Decimal("500"), disbursed=Decimal("0"))

    after = public.get(f"/projects/{first.code}/").context["progress"]
    assert before["planned_investment"] == Decimal("12000.00")
    assert after["planned_investment"] == Decimal("24000.00")
    assert public.get("/").context["funding"]["secured"] == Decimal("1500.00")


def test_a_plain_http_request_is_redirected_though_the_https_page_is_cached(site, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure = Client(HTTP_X_FORWARDED_PROTO="https")
    assert secure.get("/rankings/").status_code == secure.get("/rankings/").status_code == 200
    plain = Client().get("/rankings/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/rankings/"


def test_a_public_page_with_an_error_still_gets_a_working_csrf_token(site):
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    page = strict.get("/projects/?min_investment=lots")
    assert page.status_code == 400
    token = TOKEN.search(page.content.decode()).group(1)
    switched = strict.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_X_CSRFTOKEN=token
    )
    assert switched.status_code == 302


def test_after_an_upgrade_no_page_of_the_previous_code_is_served(site, settings):
    Client().get("/rankings/")
    assert not record_queries(Client(), "/rankings/")[1]  # cached by this version
    settings.CODE_VERSION = "next-release"
    assert record_queries(Client(), "/rankings/")[1]  # made again by the new one


def test_a_write_through_a_host_of_the_previous_version_reaches_the_new_ones_pages(site, settings):
    public = Client(HTTP_ACCEPT_LANGUAGE="en")
    settings.CODE_VERSION = "new"
    assert public.get("/").context["funding"]["secured"] == Decimal("1000.00")
    settings.CODE_VERSION = "old"  # a host not restarted yet takes the write
    FundingFactory(project=site["first"], year=2022, secured=Decimal("500"), disbursed=0)
    settings.CODE_VERSION = "new"
    assert public.get("/").context["funding"]["secured"] == Decimal("1500.00")
