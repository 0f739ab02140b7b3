"""The Content-Security-Policy (django-csp) holds on every kind of page: the public pages and
their charts, Swagger UI and the admin run without one violation (the page fixture fails a
test on any, reported by the `securitypolicyviolation` listener) and without inline script."""

import re

import pytest

from districts.models import District
from projects.models import Project
from tests.factories import DEFAULT_PASSWORD
from tests.live import as_the_server

from .conftest import _page

SCRIPT_SRC = re.compile(r"script-src ([^;]*)")


def assert_strict_policy(response):
    policy = response.headers["content-security-policy"]
    scripts = SCRIPT_SRC.search(policy).group(1)
    assert scripts.split() == ["'self'"], policy
    assert "frame-ancestors 'none'" in policy


def test_public_pages_and_charts_keep_the_policy(page):
    project = Project.objects.public().order_by("code").first()
    district = District.objects.order_by("order").first()
    for url, chart in [
        ("/", "#home-ranking-chart"),
        ("/projects/", None),
        (f"/projects/{project.code}/", "#monthly-chart"),
        (f"/districts/{district.code}/", None),
        ("/rounds/", None),
        ("/rankings/", "#ranking-chart"),
        ("/feedback/", None),
        ("/feedback/track/", None),
    ]:
        response = page.goto(url)
        assert_strict_policy(response)
        if chart:
            page.wait_for_selector(f"{chart} svg")
        page.wait_for_load_state("networkidle")


def test_swagger_ui_runs_under_the_policy(page):
    response = page.goto("/api/v1/docs/")
    assert_strict_policy(response)
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.locator(".swagger-ui .opblock").count() > 10


@pytest.fixture
def admin_page(browser, live_url):
    from core.roles import Role
    from tests.admin.helpers import make_official

    as_the_server(make_official, Role.CITY_ADMIN, username="csp-admin")
    context, page, errors = _page(browser, live_url, locale="zh-CN")
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    yield page
    context.close()
    assert not errors, errors


@pytest.mark.commits  # the live server must see the login made here
def test_the_admin_keeps_the_policy(admin_page):
    project = Project.objects.order_by("code").first()
    for url in [
        "/admin/",
        "/admin/projects/project/",
        f"/admin/projects/project/{project.pk}/change/",
        f"/admin/projects/project/{project.pk}/history/",
        "/admin/projects/progressreport/add/",
        "/admin/enterprises/problem/",
        "/admin/projects/project/import/",
    ]:
        response = admin_page.goto(url)
        assert response.status == 200, url
        assert_strict_policy(response)
        admin_page.wait_for_load_state("networkidle")
