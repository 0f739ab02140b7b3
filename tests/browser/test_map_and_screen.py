"""挂图作战 in a real browser: the offline map, the dispatch-room screen and its refresh, the
project list on a phone, the printed bulletin."""

import math
import re
from urllib.parse import urlparse

import pytest
from django.utils import translation
from playwright.sync_api import expect

from core.period import resolve_period
from core.roles import Role
from core.templatetags.figures import amount
from projects.choices import ReportStatus, WarningLight
from projects.models import ProgressReport, Project
from projects.progress import annotate_progress
from projects.services import report_approve, report_write_check
from stats.progress import district_progress
from tests.factories import OfficialFactory
from tests.live import as_the_server

from .conftest import _page

CHARTS = ("ranking", "lights", "map", "rounds")


@pytest.fixture
def foreign(page, live_url):
    """Requests the page sends to any other host than the site (there must be none)."""
    site = urlparse(live_url).netloc
    seen = []
    page.on("request", lambda r: urlparse(r.url).netloc not in ("", site) and seen.append(r.url))
    return seen


def echarts_series(page, selector):
    """Each series of the chart drawn in `selector`: its type and number of data items."""
    return page.evaluate(
        """selector => {
            const chart = echarts.getInstanceByDom(document.querySelector(selector));
            return chart.getOption().series.map(s => [s.type, s.data.length]);
        }""",
        selector,
    )


def point_on_screen(page, selector, project):
    """Where the map in `selector` draws a project, in page pixels."""
    x, y = page.evaluate(
        """([selector, lng, lat]) => {
            const chart = echarts.getInstanceByDom(document.querySelector(selector));
            return chart.convertToPixel({geoIndex: 0}, [lng, lat]);
        }""",
        [selector, float(project.longitude), float(project.latitude)],
    )
    box = page.locator(selector).bounding_box()
    return box["x"] + x, box["y"] + y


def most_isolated(projects):
    """The project farthest from its nearest neighbour: nothing else is drawn over it."""

    def gap(p):
        return min(
            math.dist(
                (float(p.latitude), float(p.longitude)), (float(q.latitude), float(q.longitude))
            )
            for q in projects
            if q.pk != p.pk
        )

    return max(projects, key=gap)


def test_map_draws_every_project_offline_and_opens_one(page, foreign, screenshot):
    page.goto("/map/")
    page.wait_for_selector("#project-map svg")
    # The county and district boundaries of Puyang (six areas) are drawn from the site's file.
    assert page.evaluate("() => echarts.getMap('濮阳').geoJSON.features.length") == 6
    shown = Project.objects.public().filter(latitude__isnull=False)
    series = echarts_series(page, "#project-map")
    assert sum(n for kind, n in series[:3]) == shown.count() == 246  # 48 in the counties
    assert series[3][1] == 3  # 经开区, 示范区, 工业园区 marked as functional zones
    # The visitor reads Chinese: "functional zones, not administrative areas".
    assert "是功能区，不是行政区划" in page.locator(".map figcaption").inner_text()
    assert page.locator("table.projects tbody tr").count() == 20  # the first page of the table
    screenshot(page, "map")

    target = most_isolated(list(shown))
    x, y = point_on_screen(page, "#project-map", target)
    page.mouse.move(x, y)
    tooltip = page.locator("#project-map div", has_text=target.name).last
    tooltip.wait_for()
    period = resolve_period()
    year, month = period.year, period.month
    light = annotate_progress(shown.filter(pk=target.pk), year=year, month=month).get().warning
    with translation.override("zh-hans"):  # the page's language, whatever a test before left
        assert str(WarningLight(light).label) in tooltip.inner_text()
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(rf"/projects/{target.code}/$"))
    page.wait_for_selector("#project-map svg")  # the project page's own small map
    assert not foreign, foreign


def test_map_keeps_the_list_filters(page):
    page.goto("/map/?district=jingkai&stage=under_construction")
    page.wait_for_selector("#project-map svg")
    expected = Project.objects.public().filter(
        district__code="jingkai", stage="under_construction", latitude__isnull=False
    )
    assert sum(n for kind, n in echarts_series(page, "#project-map")[:3]) == expected.count()
    assert page.locator(".active-filters .chip-remove").count() == 2


def screen_ready(page):
    # Playwright's assertions poll without eval(), which the Content-Security-Policy forbids.
    expect(page.locator("[data-status]")).to_contain_text(":")
    for name in CHARTS:
        page.wait_for_selector(f'[data-screen-chart="{name}"] svg')


def test_screen_fills_1920x1080_without_scrollbars(page, foreign, screenshot):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/screen/")
    screen_ready(page)
    for name in CHARTS:
        assert page.locator(f'[data-screen-chart="{name}"] svg path').count() > 3, name
    sizes = page.evaluate(
        """() => { const d = document.documentElement;
            return [d.scrollWidth, d.clientWidth, d.scrollHeight, d.clientHeight]; }"""
    )
    assert sizes == [1920, 1920, 1080, 1080]
    period = resolve_period()
    assert str(period.year) in page.locator("[data-period]").inner_text()
    city = district_progress(period=period)["city"]
    assert page.locator('[data-figure="city-completion-rate"]').inner_text() == (
        f"{city['completion_rate']}%"
    )
    assert page.locator("[data-reports] li").count() == 4
    assert not foreign, foreign
    screenshot(page, "screen-1920x1080")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.wait_for_timeout(300)
    assert page.evaluate(
        "() => document.documentElement.scrollHeight <= document.documentElement.clientHeight"
    )
    screenshot(page, "screen-1366x768")


@pytest.mark.commits  # the live server must see the approval made here
def test_screen_shows_an_approval_at_its_next_refresh_without_a_reload(page):
    period = resolve_period()
    year, month = period.year, period.month
    report = (
        ProgressReport.objects.filter(
            status=ReportStatus.SUBMITTED,
            year=year,
            month=month,
            project__is_published=True,
            project__annual_plans__year=year,
            completed_investment__gt=0,
        )
        .select_related("project")
        .first()
    )
    page.goto("/screen/?refresh=1")
    screen_ready(page)
    page.evaluate("() => { window.notReloaded = true; }")
    figure = page.locator('[data-figure="city-completed"]')
    before = figure.inner_text()

    # The month is published: a report still waiting is approved on the 补报 route, taken
    # over by a city administrator (marked late), approved by the district's reviewer; its
    # approval publishes the month's next version.
    admin = as_the_server(OfficialFactory, role=Role.CITY_ADMIN)

    def take_over():
        report_write_check(report=report, user=admin.user)
        report.save(update_fields=["is_late"])

    as_the_server(take_over)
    reviewer = as_the_server(OfficialFactory, role=Role.REVIEWER, district=report.project.district)
    as_the_server(report_approve, report=report, reviewer=reviewer.user)
    # Read as the server reads it: the month's newest version.
    city = as_the_server(district_progress, period=as_the_server(resolve_period))["city"]
    with translation.override("zh-hans"):  # by the money rule, as the page says it
        after = amount(city["completed_investment"])
    assert after != before
    expect(figure).to_have_text(after, timeout=15000)
    assert page.locator("[data-reports] li a").first.inner_text() == report.project.name
    assert page.evaluate("() => window.notReloaded") is True


def test_screen_keeps_its_figures_when_the_network_drops(browser, live_url):
    context, page, errors = _page(browser, live_url, locale="zh-CN")
    page.goto("/screen/?refresh=1")
    screen_ready(page)
    figures = page.locator("[data-figure]").all_inner_texts()
    context.set_offline(True)
    page.wait_for_selector("[data-status].is-offline")
    assert page.locator("[data-figure]").all_inner_texts() == figures
    assert page.locator('[data-screen-chart="map"] svg').count() == 1
    context.set_offline(False)
    page.wait_for_selector("[data-status]:not(.is-offline)")
    context.close()
    # The only errors are the refreshes that could not reach the site while it was offline.
    assert errors and all(
        "ERR_INTERNET_DISCONNECTED" in e and ("/api/v1/" in e or e.startswith("console"))
        for e in errors
    ), errors


def test_project_list_on_a_phone(browser, live_url, screenshot):
    context, page, errors = _page(browser, live_url, locale="zh-CN")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/projects/")
    assert page.evaluate("() => document.documentElement.scrollWidth") == 375
    first = page.locator("table.projects tbody tr").first
    for label in ("投资完成率", "超序时进度", "预警"):
        cell = first.locator(f'td[data-label^="{label}"]')
        box = cell.bounding_box()
        assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 375, label
        assert box["y"] < 812  # on the first screen
    assert not first.locator(".code").is_visible()  # English codes out of the way
    assert not page.locator(".filter-form").is_visible()  # the 11 filters behind one button
    screenshot(page, "projects-375")
    page.click(".filter-panel summary")
    assert page.locator("#id_district").is_visible()
    context.close()
    assert not errors, errors


def test_project_list_fits_1366_in_english(browser, live_url, screenshot):
    context, page, errors = _page(browser, live_url, locale="en-GB")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/projects/")
    assert page.locator("html").get_attribute("lang") == "en"
    headers = page.locator("table.projects thead").inner_text()
    assert "Completion rate" in headers and "Points vs schedule" in headers
    sort = page.locator("#id_ordering option[value='-total_investment']").inner_text()
    assert sort == "Total investment (descending)"
    assert page.evaluate(
        "() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth; }"
    )
    screenshot(page, "projects-en-1366")
    context.close()
    assert not errors, errors


def test_printed_bulletin_lists_the_lagging_projects(page, screenshot):
    page.goto("/rankings/")
    page.emulate_media(media="print")
    period = resolve_period()
    year, month = period.year, period.month
    red = annotate_progress(
        Project.objects.public().filter(annual_plans__year=year), year=year, month=month
    ).filter(warning=WarningLight.RED)
    rows = page.locator("table.lagging-projects tbody tr")
    assert rows.count() == red.count() > 0
    assert set(rows.locator("th a").all_inner_texts()) == set(red.values_list("name", flat=True))
    # The period and the print date, each named; amounts with their unit in the headers.
    assert page.locator(".period-label").get_attribute("data-period") == f"{year}-{month}"
    assert page.locator(".bulletin-facts .print-only").is_visible()
    # Amounts by the money rule, each with its unit (core.templatetags.figures.amount).
    cells = page.locator("table.ranking tbody tr").first.locator("td.num").all_inner_texts()
    assert len([c for c in cells if re.fullmatch(r"[\d,]+\.\d\d (亿元|万元)", c)]) == 2, cells
    screenshot(page, "rankings-print")
