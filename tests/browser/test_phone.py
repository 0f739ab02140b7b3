"""Phones (375×812): a table wider than the screen scrolls inside its box with its first
column fixed, a table of figures fits without clipping ("20" read "2("), and the tap targets
— navigation, language switch, light counts, login — are at least 44×44 px (boxes measured)."""

import pytest

from .conftest import _page

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser, live_url, screenshot):
    context, page, errors = _page(browser, live_url, locale="zh-CN")
    page.set_viewport_size(PHONE)
    yield page
    context.close()
    assert not errors, errors


TABLES = """() => [...document.querySelectorAll('.table-wrap')].filter(w => w.getClientRects().length)
    .map(w => { const t = w.querySelector('table');
        return {cls: t.className, wrap: w.clientWidth, scroll: w.scrollWidth,
                overflow: getComputedStyle(w).overflowX}; })"""

BOXES = """selector => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length)
    .map(e => { const b = e.getBoundingClientRect();
        return [e.textContent.trim().slice(0, 16) || e.name || e.type, b.width, b.height]; })"""


def no_page_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth") == PHONE["width"]


def assert_tappable(page, selector, at_least=1):
    boxes = page.evaluate(BOXES, selector)
    assert len(boxes) >= at_least, (selector, boxes)
    small = [box for box in boxes if box[1] < 44 or box[2] < 44]
    assert not small, (selector, small)


def test_the_district_pages_figures_fit_and_its_targets_are_big(phone, screenshot):
    phone.goto("/districts/hualong/")
    assert no_page_scroll(phone)
    figures = [t for t in phone.evaluate(TABLES) if "figures" in t["cls"]]
    assert len(figures) == 2
    for table in figures:  # no cell cut off at the box's edge: nothing to scroll
        assert table["scroll"] <= table["wrap"], table
    # Every figure cell ends inside its box (the count "20" is read whole).
    clipped = phone.evaluate(
        """() => [...document.querySelectorAll('table.figures td')].filter(td => {
            const wrap = td.closest('.table-wrap').getBoundingClientRect();
            return td.getBoundingClientRect().right > wrap.right + 0.5; }).length"""
    )
    assert clipped == 0
    assert_tappable(phone, ".site-nav a", at_least=6)
    assert_tappable(phone, ".language-switcher button", at_least=2)
    screenshot(phone, "district-phone")


def test_wide_tables_scroll_in_their_box_with_the_first_column_fixed(phone, screenshot):
    phone.goto("/projects/hl-zhongxin-taikang/")
    assert no_page_scroll(phone)
    for section in ("#funding", "#approvals"):
        wrap = phone.locator(f"{section} .table-wrap")
        width = wrap.evaluate("w => [w.scrollWidth, w.clientWidth, getComputedStyle(w).overflowX]")
        assert width[0] > width[1] and width[2] == "auto", (section, width)
        first = wrap.locator("tbody tr").first.locator("th, td").first
        last = wrap.locator("tbody tr").first.locator("th, td").last
        before = first.bounding_box()["x"]
        wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
        phone.wait_for_timeout(100)
        # The row's first cell stays where it was; the last column has come into the box.
        assert abs(first.bounding_box()["x"] - before) < 1, section
        box = wrap.bounding_box()
        assert (
            last.bounding_box()["x"] + last.bounding_box()["width"] <= box["x"] + box["width"] + 1
        )
        # Dates and amounts are never broken over two lines (only the fixed first column wraps).
        lines = wrap.evaluate(
            """w => [...w.querySelectorAll('tbody td:not(:first-child)')].map(td => {
                const range = document.createRange(); range.selectNodeContents(td);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })"""
        )
        assert lines and max(lines) == 1, (section, lines)
    screenshot(phone, "project-phone-tables")


def test_light_counts_and_the_login_are_big_enough_to_tap(phone, screenshot):
    phone.goto("/rankings/")
    assert no_page_scroll(phone)
    assert_tappable(phone, "table.ranking td.lights a", at_least=12)  # 4 units × 3 lights
    screenshot(phone, "rankings-phone")
    phone.goto("/admin/login/")
    assert_tappable(phone, "#id_username, #id_password, .submit-row input", at_least=3)
    assert_tappable(phone, "#header .theme-toggle")
    screenshot(phone, "login-phone")
