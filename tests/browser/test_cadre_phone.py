"""A cadre on a phone (issue 19), in a real browser (375 px, touch) over the Puyang demo: a
visit in at most four taps from the cadre's home (dated today, its own enterprises first,
a photo from the camera, landing on the visit with the photo's thumbnail), then a problem
met on it in at most three more."""

import io

import pytest
from django.conf import settings
from django.urls import path
from django.utils import timezone
from django.views.static import serve
from PIL import Image

from config.urls import urlpatterns as site_urls
from core.roles import Role
from enterprises.models import Cadre, Problem, Visit
from tests.admin.helpers import make_official
from tests.factories import DEFAULT_PASSWORD

from .conftest import BrowserErrors

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def media(request, name):
    return serve(request, name, document_root=settings.MEDIA_ROOT)


# The site's URLs, plus uploaded files served from the test's MEDIA_ROOT (the live server
# runs with DEBUG off, where config.urls serves no media).
urlpatterns = [*site_urls, path("media/<path:name>", media)]


@pytest.fixture
def cadre(demo, settings):
    """A login for a demo cadre of Hualong who helps enterprises."""
    settings.ROOT_URLCONF = __name__
    cadre = (
        Cadre.objects.filter(district__code="hualong", assignments__enterprise__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    cadre.user = make_official(Role.CADRE, username="wangfang", first_name="王芳")
    cadre.save()
    return cadre


def site_photo(tmp_path):
    photo = tmp_path / "site.jpg"
    image = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(image, "JPEG")
    photo.write_bytes(image.getvalue())
    return photo


def test_a_visit_in_four_taps_and_a_problem_in_three_more(
    browser, live_server, cadre, screenshot, tmp_path
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        extra_http_headers={"Accept-Language": "zh-hans"},
        **PHONE,
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    errors = BrowserErrors()
    errors.watch(page)
    page.goto("/admin/login/")
    page.fill("#id_username", "wangfang")
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    taps = 0

    def tap(locator):
        nonlocal taps
        taps += 1
        locator.tap()

    tap(page.locator("#home-visit"))
    page.wait_for_selector("#visit-cards")
    screenshot(page, "cadre-visit-cards-375")
    card = page.locator("li.visit-card").first
    assert "own" in card.get_attribute("class")  # its own enterprises first
    enterprise = int(card.get_attribute("data-enterprise"))
    assert card.locator("input[type=date]").input_value() == f"{timezone.localdate():%Y-%m-%d}"
    tap(card.locator("textarea"))
    page.keyboard.type("了解企业扩产用工需求")
    with page.expect_file_chooser() as chooser:
        tap(card.locator("input[type=file]"))
    chooser.value.set_files(str(site_photo(tmp_path)))
    tap(card.locator("button[type=submit]"))
    page.wait_for_selector(".messagelist .success")
    assert taps <= 4
    visit = Visit.objects.filter(cadre=cadre, enterprise_id=enterprise).latest("pk")
    assert visit.visited_on == timezone.localdate() and visit.photos.count() == 1
    assert f"/visit/{visit.pk}/change/" in page.url  # it stays on the visit
    thumb = page.locator("img.thumb").first
    thumb.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    screenshot(page, "cadre-visit-375")

    taps = 0
    tap(page.locator("#qp_description"))
    page.keyboard.type("新产线需要增容约2000千伏安")
    taps += 1
    page.locator("#qp_category").select_option("power")
    tap(page.locator("#quick-problem button[type=submit]"))
    page.wait_for_selector(".messagelist .success")
    assert taps <= 3
    problem = Problem.objects.get(visit=visit)
    assert (problem.category, problem.enterprise_id, problem.assignee) == (
        "power",
        enterprise,
        cadre,
    )
    assert problem.tracking_code in page.locator(".messagelist").inner_text()
    assert not errors, errors
    context.close()
