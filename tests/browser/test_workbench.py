"""The officials' monthly work in a real browser, on a phone (375 px, touch) and a desktop
(1366 px), over the Puyang demo (January to April 2023 closed, May open): a reporter files a project's month
from its home page in at most four taps (with a photo from the camera) and submits it; a
reviewer sees the photo's thumbnail in its queue and approves. Then the reminders inbox and
the city's per-district table. Screenshots of each page at both widths go to
artifacts/screenshots/."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import path
from django.utils import timezone
from django.views.static import serve
from PIL import Image

from config.urls import urlpatterns as site_urls
from core.models import Notification, PeriodStatus, ReportingPeriod
from core.roles import Role
from districts.models import District
from projects.choices import ReportStatus
from projects.models import ProgressReport
from tests.admin.helpers import make_official
from tests.factories import DEFAULT_PASSWORD

from .conftest import BrowserErrors

VIEWPORTS = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}, "has_touch": True},
}
WIDTH = {"phone": 375, "desktop": 1366}


def media(request, name):
    return serve(request, name, document_root=settings.MEDIA_ROOT)


# The site's URLs, plus uploaded files served from the test's MEDIA_ROOT (the live server
# runs with DEBUG off, where config.urls serves no media).
urlpatterns = [*site_urls, path("media/<path:name>", media)]


@pytest.fixture
def cycle(demo, settings):
    """The demo's open month due in three days; a reporter, a reviewer and a city
    administrator of the demo's Hualong district."""
    settings.ROOT_URLCONF = __name__
    ReportingPeriod.objects.filter(status=PeriodStatus.OPEN).update(
        deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    hualong = District.objects.get(code="hualong")
    return {
        "reporter": make_official(Role.REPORTER, hualong, username="zhangwei", first_name="张伟"),
        "reviewer": make_official(Role.REVIEWER, hualong, username="liqiang", first_name="李强"),
        "city_admin": make_official(Role.CITY_ADMIN, username="chenjing", first_name="陈静"),
    }


@pytest.fixture
def open_tab(browser, live_server):
    contexts = []

    def open_as(username, device):
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            extra_http_headers={"Accept-Language": "zh-hans"},
            **VIEWPORTS[device],
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        errors = BrowserErrors()
        errors.watch(page)
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEFAULT_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page, errors

    yield open_as
    for context in contexts:
        context.close()


def site_photo(tmp_path):
    path = tmp_path / "site.jpg"
    image = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(image, "JPEG")
    path.write_bytes(image.getvalue())
    return path


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_file_in_four_taps_then_review_with_a_thumbnail_and_approve(
    cycle, open_tab, screenshot, tmp_path, device
):
    page, errors = open_tab("zhangwei", device)
    taps = 0

    def tap(locator):
        nonlocal taps
        taps += 1
        locator.tap()

    tap(page.locator("#home-workbench"))
    page.wait_for_selector("#filing-cards")
    screenshot(page, f"workbench-{WIDTH[device]}")
    card = page.locator("li.filing-card.status-missing").first
    code = card.get_attribute("data-project")
    tap(card.locator("input[type=number]"))
    page.keyboard.type("1234.5")
    with page.expect_file_chooser() as chooser:
        tap(card.locator("input[type=file]"))
    chooser.value.set_files(str(site_photo(tmp_path)))
    tap(card.locator("button[value=submit]"))
    page.wait_for_selector(".messagelist .success")
    assert taps <= 4
    period = ReportingPeriod.objects.get(status=PeriodStatus.OPEN)
    report = ProgressReport.objects.get(project__code=code, year=period.year, month=period.month)
    assert report.status == ReportStatus.SUBMITTED
    assert report.completed_investment == 1234.5 and report.photos.count() == 1
    card = page.locator(f"li.filing-card[data-project='{code}']")
    assert "status-submitted" in card.get_attribute("class")
    assert not errors, errors

    page, errors = open_tab("liqiang", device)
    page.locator("#home-review").tap()
    review_card = page.locator(f"#r{report.pk}")
    thumb = review_card.locator("img.thumb").first
    thumb.scroll_into_view_if_needed()
    assert thumb.is_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    approve, give_back = review_card.locator("button.approve"), review_card.locator("summary")
    # Approve and return look different: a filled green button, a red outlined one.
    assert approve.evaluate("e => getComputedStyle(e).backgroundColor") != give_back.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    screenshot(page, f"review-{WIDTH[device]}")
    approve.tap()
    page.wait_for_selector(".messagelist .success")
    assert page.locator(f"#r{report.pk}").count() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert not errors, errors


def test_the_inbox_and_the_city_table(cycle, open_tab, screenshot):
    call_command("send_reminders", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=cycle["city_admin"]).exists()
    for device in ("phone", "desktop"):
        page, errors = open_tab("chenjing", device)
        table = page.locator("#district-table")
        assert table.locator("[data-district=hualong] .unfiled a").inner_text().isdigit()
        screenshot(page, f"city-table-{WIDTH[device]}")
        count = page.locator("#inbox-link .unread-count").inner_text()
        assert (
            int(count)
            == Notification.objects.filter(recipient=cycle["city_admin"], read_at=None).count()
        )
        page.locator("#inbox-link").tap()
        page.wait_for_selector(".tk-cards .reminder")
        screenshot(page, f"inbox-{WIDTH[device]}")
        assert not errors, errors
    page.locator(".reminder .mark-read").first.tap()
    page.wait_for_selector(".messagelist .success")
    assert int(page.locator("#inbox-link .unread-count").inner_text()) == int(count) - 1
