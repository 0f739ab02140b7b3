"""The public site in a real browser: what a visitor does, end to end."""

import csv
import io
import re

from django.db.models import Count
from django.utils import translation
from playwright.sync_api import expect

from core.period import resolve_period
from core.templatetags.figures import amount
from districts.models import District
from enterprises.models import Problem
from projects.models import ProgressReport, Project


def listed_codes(page):
    return page.locator("table.projects .code").all_inner_texts()


def chart_is_drawn(page, selector):
    """ECharts drew an SVG with shapes into the chart element."""
    page.wait_for_selector(f"{selector} svg")
    return page.locator(f"{selector} svg path, {selector} svg rect").count() > 0


def test_home_page_with_its_ranking_chart(page, screenshot):
    page.goto("/")
    assert page.locator("h1").inner_text()
    assert chart_is_drawn(page, "#home-ranking-chart")
    assert page.locator("table.ranking tbody tr").count() >= 1
    screenshot(page, "home")


def test_filter_by_district_and_stage_sort_and_export(page, screenshot):
    pair = (
        Project.objects.public()
        .values("district__code", "district__name", "stage")
        .annotate(n=Count("pk"))
        .order_by("-n", "district__code")
        .first()
    )
    page.goto("/projects/?page_size=100")
    page.select_option("#id_district", pair["district__code"])
    page.select_option("#id_stage", pair["stage"])
    page.click(".filter-form button[type=submit]")
    page.wait_for_url(re.compile(r"district=.*stage="))
    expected = Project.objects.public().filter(
        district__code=pair["district__code"], stage=pair["stage"]
    )
    codes = listed_codes(page)
    assert sorted(codes) == sorted(expected.values_list("code", flat=True))
    assert set(page.locator("table.projects tbody td[data-label='区县']").all_inner_texts()) == {
        pair["district__name"]
    }
    assert page.locator(".active-filters .chip-remove").count() == 2

    # Sort by total investment, largest first (a second click toggles the direction).
    page.click("th >> a[href*='ordering=total_investment']")
    page.click("th >> a[href*='ordering=-total_investment']")
    page.wait_for_url(re.compile(r"ordering=-total_investment"))
    by_investment = list(
        expected.order_by("-total_investment", "code").values_list("total_investment", flat=True)
    )
    shown = page.locator("table.projects tbody td[data-label='总投资']").all_inner_texts()
    with translation.override("zh-hans"):  # by the money rule, as the page says it
        assert shown == [amount(v) for v in by_investment]
    screenshot(page, "projects-filtered")

    # The CSV export holds exactly the rows on screen, in the same order.
    with page.expect_download() as download_info:
        page.click(".exports a[href*='export.csv']")
    text = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "项目代码"
    assert [row[0] for row in rows[1:]] == listed_codes(page)

    # Removing a filter keeps the other one.
    page.click(".chip-remove[data-filter=stage]")
    page.wait_for_url(lambda url: "stage=" not in url)
    assert page.locator(".active-filters .chip-remove").count() == 1


def test_paging_through_the_list(page):
    total = Project.objects.public().count()
    assert total > 100  # the demo fills at least two pages of 100
    page.goto("/projects/?page_size=100")
    seen = listed_codes(page)
    while page.locator("a[rel=next]").count():
        page.click("a[rel=next]")
        page.wait_for_load_state()
        seen += listed_codes(page)
    assert len(seen) == len(set(seen)) == total


def test_project_page_draws_its_monthly_chart(page, screenshot):
    report = (
        ProgressReport.objects.public()
        .order_by("-year", "project__code")
        .select_related("project")
        .first()
    )
    page.goto(f"/projects/{report.project.code}/?year={report.year}")
    assert page.locator("h1").inner_text() == report.project.name
    assert chart_is_drawn(page, "#monthly-chart")
    # One row per closed month of the year (months not closed yet are left out).
    closed = resolve_period(report.year).month
    assert page.locator("table.monthly tbody tr").count() == closed
    assert page.locator(".timeline, #milestones p").count() >= 1
    screenshot(page, "project")


def test_rankings_bulletin_and_its_print_view(page, screenshot):
    page.goto("/rankings/")
    assert chart_is_drawn(page, "#ranking-chart")
    assert page.locator("button[data-print]").is_visible()
    screenshot(page, "rankings")
    page.emulate_media(media="print")
    assert not page.locator("aside.filters").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator("table.ranking").is_visible()
    screenshot(page, "rankings-print")


def test_switch_to_english(page):
    page.goto("/rankings/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.click(".language-switcher button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/rankings/")
    assert "Rankings" in page.locator(".site-nav").inner_text()
    page.goto("/projects/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_submit_feedback_and_track_its_code(page):
    district = District.objects.order_by("order").last()
    page.goto("/feedback/")
    page.fill("#id_submitter_company", "濮阳市恒通化工有限公司")
    page.fill("#id_submitter_name", "李娜")
    page.fill("#id_submitter_phone", "0393-8881234")
    page.select_option("#id_district", district.code)
    page.select_option("#id_category", "labour")
    page.fill("#id_title", "浏览器测试：用工缺口")
    page.fill("#id_description", "春节后需要招聘操作工三十名。")
    page.click(".feedback-form button[type=submit]")
    page.wait_for_url(re.compile(r"/feedback/track/\?code="))
    code = page.locator("[data-tracking-code]").inner_text()
    problem = Problem.objects.get(tracking_code=code)
    assert problem.title == "浏览器测试：用工缺口"
    assert code in page.locator(".messages").inner_text()

    page.goto("/feedback/track/")
    page.fill("#id_code", code.lower())
    page.click(".track-form button[type=submit]")
    page.wait_for_selector("[data-status]")
    assert page.locator("[data-status]").get_attribute("data-status") == "raised"
    assert "0393-8881234" not in page.content()


def test_filtering_works_without_javascript(browser, live_url, demo):
    from .conftest import _page

    context, page, errors = _page(browser, live_url, java_script_enabled=False)
    district = Project.objects.public().values_list("district__code", flat=True).first()
    page.goto("/projects/")
    page.select_option("#id_district", district)
    page.click(".filter-form button[type=submit]")
    expected = Project.objects.public().filter(district__code=district)
    by_investment = expected.order_by("-total_investment", "pk")  # the list's default order
    assert listed_codes(page) == list(by_investment.values_list("code", flat=True)[:20])
    context.close()
    assert not errors, errors
