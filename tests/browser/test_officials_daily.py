"""The officials' daily pages in a real browser, on a phone (375×812) and a desktop
(1366×768), over the Puyang demo (May 2023 open): the reporter's workbench keeps its place
after 保存 (the card stays where it was on the screen, with what was done and the next
project to file), removes a photo by its thumbnail, searches and filters by status chip, and
puts focus on the first error of a refused figure; the city administrator's 催报 button
reaches the unit's reporter, whose inbox shows it first, grouped by kind and unit. axe-core
finds no serious or critical violation on the workbench, the review queue, the city's home
and the inboxes."""

import pytest

from core.models import Notification, PeriodStatus, ReportingPeriod
from core.notify import KINDS
from projects.models import ProgressReport

from .axe import serious_violations
from .test_accessibility import report
from .test_workbench import cycle, open_tab, site_photo, urlpatterns  # noqa: F401

DEVICES = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 768}, "has_touch": True},
}


@pytest.fixture
def tab(open_tab, monkeypatch):  # noqa: F811
    """open_tab at 375×812 or 1366×768."""
    from . import test_workbench

    monkeypatch.setattr(test_workbench, "VIEWPORTS", DEVICES)
    return open_tab


def no_serious(page, name):
    found = serious_violations(page)
    assert not found, f"{name}:\n{report(found)}"


YELLOW_CONTRAST = """() => {
  const card = document.querySelector("li.filing-card");
  const light = document.createElement("span");
  light.className = "tk-light yellow";
  light.textContent = "黄灯";
  card.appendChild(light);
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (text) => {
    const [r, g, b] = rgb(text).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const fg = luminance(getComputedStyle(light).color);
  const bg = luminance(getComputedStyle(card).backgroundColor);
  light.remove();
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


def yellow_contrast(page):
    """The contrast of a 黄灯 label against a workbench card's background."""
    return page.evaluate(YELLOW_CONTRAST)


def top(locator):
    return locator.evaluate("e => e.getBoundingClientRect().top")


@pytest.mark.parametrize("device", DEVICES)
def test_a_day_of_filing_reminding_and_reading(cycle, tab, screenshot, tmp_path, device):  # noqa: F811
    period = ReportingPeriod.objects.get(status=PeriodStatus.OPEN)
    page, errors = tab("zhangwei", device)
    page.goto("/admin/workbench/")
    cards = page.locator("li.filing-card")
    assert cards.count() == 20  # a page at a time
    no_serious(page, "workbench")
    # 黄灯 as text on a card: at least 4.5:1 (it read 1.97:1).
    assert yellow_contrast(page) >= 4.5

    # 保存 keeps the card where it is on the screen, says so by the card, offers the next.
    card = page.locator("li.filing-card.status-missing").nth(3)
    card_id, code = card.get_attribute("id"), card.get_attribute("data-project")
    card.scroll_into_view_if_needed()
    page.evaluate(
        "id => window.scrollBy(0, document.getElementById(id).getBoundingClientRect().top - 120)",
        card_id,
    )
    before, scrolled = top(card), page.evaluate("() => window.scrollY")
    card.locator("input[type=number]").fill("12.5")
    card.locator("input[type=file]").set_input_files(str(site_photo(tmp_path)))
    card.locator("button[value=save]").click()
    card = page.locator(f"#{card_id}")
    card.locator(".card-notes .success").wait_for()
    assert abs(top(card) - before) < 2 and abs(page.evaluate("() => window.scrollY") - scrolled) < 2
    assert "status-draft" in card.get_attribute("class")
    next_link = card.locator(".next-to-file a")
    assert next_link.is_visible() and next_link.get_attribute("data-card")
    screenshot(page, f"workbench-saved-{device}")
    report_ = ProgressReport.objects.get(project__code=code, year=period.year, month=period.month)
    assert report_.photos.count() == 1

    # The photo's thumbnail, and its remove button.
    thumb = card.locator("img.thumb")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    card.locator("button.remove").click()
    card.locator(".card-notes .success", has_text="照片已删除").wait_for()
    assert card.locator("img.thumb").count() == 0 and report_.photos.count() == 0

    # A refused figure: the card comes back with the error, focus on the field.
    other = page.locator("li.filing-card.status-missing").first
    other_id = other.get_attribute("id")
    other.locator("input[type=number]").fill("-5")
    other.locator("button[value=save]").click()
    page.locator(f"#{other_id} [aria-invalid=true]").wait_for()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true"
    assert page.evaluate("() => document.activeElement.closest('li').id") == other_id
    no_serious(page, "workbench with an error")

    # Search by code; the status chips filter.
    page.fill("#filing-search", code)
    page.press("#filing-search", "Enter")
    page.wait_for_url(f"**search={code}*")
    assert [c.get_attribute("data-project") for c in page.locator("li.filing-card").all()] == [code]
    page.goto("/admin/workbench/")
    page.locator("#filing-counts a[data-status=draft]").click()
    page.wait_for_url("**status=draft*")
    statuses = page.locator("li.filing-card").evaluate_all("cs => cs.map(c => c.className)")
    assert statuses and all("status-draft" in s for s in statuses)
    assert (
        page.locator("#filing-counts a[aria-current=page]").get_attribute("data-status") == "draft"
    )

    page, more = tab("liqiang", device)
    errors += more
    page.goto("/admin/review/")
    no_serious(page, "review")

    # 催报 from the city's table reaches 华龙区's reporter.
    page, more = tab("chenjing", device)
    errors += more
    no_serious(page, "city home")
    page.locator("[data-district=hualong] button.remind-unit").click()
    page.locator(".messagelist .success").wait_for()
    assert Notification.objects.filter(
        recipient=cycle["reporter"], kind="filing_due", unit="华龙区"
    ).exists()
    page.goto("/admin/inbox/")
    no_serious(page, "city inbox")

    page, more = tab("zhangwei", device)
    errors += more
    page.locator("#inbox-link").click()
    page.locator(".reminder-kind").first.wait_for()
    kinds = page.locator(".reminder-kind").evaluate_all("s => s.map(e => e.dataset.kind)")
    assert kinds[0] == "filing_due"
    order = list(KINDS)
    assert kinds == sorted(kinds, key=lambda k: order.index(k) if k in order else len(order))
    assert (
        page.locator(".reminder-kind")
        .first.locator(".reminder-unit")
        .first.inner_text()
        .startswith("华龙区")
    )
    screenshot(page, f"inbox-grouped-{device}")
    no_serious(page, "reporter inbox")
    # The refused figure's answer (400) is the only failed request.
    assert [e for e in errors if "400" not in e] == [], errors
