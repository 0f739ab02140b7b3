"""/screen/ read from 5 m at 1920×1080: labels ≥ 24 px, figures ≥ 48 px, axis text ≥ 18 px
(computed font sizes, HTML and the charts' SVG text); no count written in a bar segment too
thin to hold it (工业园区's "3|2" read "32"); the county names drawn above the points."""

import pytest

from .test_map_and_screen import screen_ready

LABELS = (
    ".screen-period, .screen-status, .tile h2, .figure-label, .tile-note, .ledger dt, "
    ".reports a, .reports .meta"
)
FIGURES = ".figure strong, .ledger dd"

SIZES = """selector => [...document.querySelectorAll(selector)]
    .filter(e => e.getClientRects().length && e.textContent.trim())
    .map(e => [e.textContent.trim().slice(0, 20), parseFloat(getComputedStyle(e).fontSize)])"""

SVG_TEXT = """selector => [...document.querySelectorAll(selector + ' svg text')]
    .filter(e => e.textContent.trim())
    .map(e => { const b = e.getBoundingClientRect();
        return [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize),
                b.left, b.right, b.top, b.bottom]; })"""


@pytest.fixture
def screen(page, screenshot):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/screen/")
    screen_ready(page)
    page.wait_for_selector("[data-reports] li")
    yield page
    screenshot(page, "screen-legible-1920x1080")


def test_labels_figures_and_axis_text_are_big_enough(screen):
    labels = screen.evaluate(SIZES, LABELS)
    assert len(labels) > 20 and all(size >= 24 for _, size in labels), labels
    figures = screen.evaluate(SIZES, FIGURES)
    assert len(figures) == 12 and all(size >= 48 for _, size in figures), figures
    for chart in ("ranking", "lights", "rounds", "map"):
        texts = screen.evaluate(SVG_TEXT, f'[data-screen-chart="{chart}"]')
        assert texts and all(size >= 18 for _, size, *_ in texts), (chart, texts)
    # Every unit is named on its chart: no name left out for want of room.
    for chart in ("ranking", "lights"):
        units = screen.evaluate(
            """chart => echarts.getInstanceByDom(document.querySelector(
                `[data-screen-chart="${chart}"]`)).getOption().yAxis[0].data""",
            chart,
        )
        written = {t[0] for t in screen.evaluate(SVG_TEXT, f'[data-screen-chart="{chart}"]')}
        assert len(units) >= 4 and set(units) <= written, (chart, units, written)
    # The words on the map (county names, zones, legend) are labels: 24 px.
    names = screen.evaluate(SVG_TEXT, '[data-screen-chart="map"]')
    assert all(size >= 24 for _, size, *_ in names), names
    # Still one screen, without scrollbars.
    assert screen.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    ) == [1920, 1080]


def test_no_count_is_squeezed_into_a_segment_too_thin_for_it(screen):
    texts = screen.evaluate(SVG_TEXT, '[data-screen-chart="lights"]')
    counts = [t for t in texts if t[0].isdigit() and t[4] > 60]  # below the legend
    # Two counts on one bar's row never touch: a gap of at least a third of the type size.
    for i, (text, size, left, right, top, bottom) in enumerate(counts):
        for other, _, left2, right2, top2, bottom2 in counts[i + 1 :]:
            if min(bottom, bottom2) - max(top, top2) > size / 2:  # the same row
                gap = max(left2 - right, left - right2)
                assert gap >= size / 3, (text, other, gap)
    # Every unit's counts are still written somewhere: none is dropped, only moved.
    rows = screen.evaluate(
        """() => { const c = echarts.getInstanceByDom(
                document.querySelector('[data-screen-chart="lights"]'));
            const o = c.getOption();
            return o.yAxis[0].data.map((name, i) =>
                [name, ...['red', 'yellow', 'green'].map(id =>
                    o.series.find(s => s.id === id).data[i].value)]); }"""
    )
    written = [t[0] for t in counts]
    for name, *values in rows:
        for value in values:
            if value:
                assert str(value) in written or any(str(value) in w for w in written), name


def test_county_names_are_drawn_above_the_points(screen):
    order = screen.evaluate(
        """() => { const svg = document.querySelector('[data-screen-chart="map"] svg');
            const all = [...svg.querySelectorAll('*')];
            const name = all.findIndex(e => e.tagName === 'text' && e.textContent === '华龙区');
            const dots = all.map((e, i) => [e, i]).filter(([e]) =>
                e.tagName === 'path' && ['#c62828', '#f2c94c', '#1e7d32'].includes(
                    (e.getAttribute('fill') || '').toLowerCase())).map(([, i]) => i);
            return [name, dots.length, Math.max(...dots)]; }"""
    )
    name, dots, last_dot = order
    assert name > 0 and dots > 100
    assert name > last_dot  # painted after (above) every point
