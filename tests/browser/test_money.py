"""THE money rule in the browser: static/js/charts.js `trackerAmount`, fed the rule by the
page, says every amount exactly as core.templatetags.figures.amount does (the cases of
tests/pages/test_number_format.py, worked out by hand), in Chinese and in English; the
screen, the rankings and a project page say their amounts by it."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from core.period import resolve_period
from core.templatetags.figures import amount
from projects.models import Project
from stats.progress import district_progress
from tests.pages.test_number_format import CASES

from .conftest import _page

MONEY = re.compile(r"^-?[\d,]+\.\d\d (亿元|万元)$")


@pytest.fixture
def english(browser, live_url):
    context, page, errors = _page(browser, live_url, locale="en-US")
    yield page
    context.close()
    assert not errors, errors


def said(page, values):
    return page.evaluate("values => values.map(v => window.trackerAmount(v))", values)


def test_the_script_says_amounts_as_the_server_does(page, english):
    values = [value for value, _, _ in CASES]
    page.goto("/rankings/")
    assert said(page, values) == [chinese for _, chinese, _ in CASES]
    english.goto("/rankings/")
    assert said(english, values) == [english_text for _, _, english_text in CASES]


def test_the_screen_says_its_amounts_by_the_rule(page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/screen/")
    page.wait_for_selector("[data-reports] li")
    period = resolve_period()
    # The period in the one month format too.
    assert page.locator("[data-period]").inner_text() == (
        f"数据截至 {period.year} 年 {period.month} 月"
    )
    city = district_progress(period=period)["city"]
    with translation.override("zh-hans"):
        expected = amount(city["completed_investment"])
    assert page.locator('[data-figure="city-completed"]').inner_text() == expected
    for meta in page.locator("[data-reports] .meta").all_inner_texts():
        month, money = meta.split(" · ")
        assert MONEY.match(money), meta
        assert re.fullmatch(r"\d{4} 年 \d{1,2} 月", month), meta  # the one month format


def test_rankings_and_a_project_page_say_amounts_with_units(page):
    page.goto("/rankings/")
    cells = page.locator("table.ranking tfoot td.num, table.ranking tbody td.num")
    money = [text for text in cells.all_inner_texts() if "元" in text]
    assert money and all(MONEY.match(text) for text in money), money
    project = Project.objects.public().filter(total_investment__gte=Decimal(10000)).first()
    page.goto(f"/projects/{project.code}/")
    with translation.override("zh-hans"):
        total = amount(project.total_investment)
    assert total.endswith("亿元")
    assert total in page.locator("dl.facts-list").first.inner_text()
