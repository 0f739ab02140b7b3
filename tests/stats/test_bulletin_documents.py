"""The monthly bulletin's documents (stats.bulletin_documents): what a reader finds in the
.docx (read back with python-docx) and in the .pdf (read back with pypdf).

The figures are worked out by hand. Three units, April 2023 (schedule rate 4 ÷ 12 = 33.3%):

| unit   | projects | plan (万元) | completed (万元) | rate                    | points              |
|--------|----------|-------------|------------------|-------------------------|---------------------|
| 开发区 | 5        | 10000.00    | 8800.00          | 88.0                    | 88.0 − 33.33 = +54.7 |
| 华龙区 | 15       | 120000.00   | 44416.00         | 44416 ÷ 120000 = 37.0   | 37.01 − 33.33 = +3.7 |
| 濮阳县 | 20       | 170000.00   | 49200.00         | 49200 ÷ 170000 = 28.9   | 28.94 − 33.33 = −4.4 |
| 全市   | 40       | 300000.00   | 102416.00        | 102416 ÷ 300000 = 34.1  | 34.14 − 33.33 = +0.8 |

Amounts read as the pages read them (core.templatetags.figures.amount): 亿元 with two
decimals from 1 亿 = 10,000 万元 up (102416.00 → 10.24 亿元, 10000.00 → 1.00 亿元, 44416.00 →
4.44 亿元), else 万元 with thousands separators (8800.00 → 8,800.00 万元); in English CNY
billions from 10 亿 up, millions below (102416.00 → CNY 1.02 billion). The changes arrive as
stats.published.described says them (102316.00 → 10.23 亿元, 1200.00 → 1,200.00 万元).
"""

import datetime
import io
import logging
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from stats.bulletin_documents import render_docx, render_pdf

OFFICE = "濮阳市重点项目建设工作领导小组办公室"


def unit(name, projects, planned, completed, rate, points, red, yellow, green, **extra):
    return {
        "name": name,
        "project_count": projects,
        "total_investment": Decimal(planned) * 3,
        "planned_investment": Decimal(planned),
        "completed_investment": Decimal(completed),
        "completion_rate": Decimal(rate),
        "schedule_rate": Decimal("33.3"),
        "points_ahead": Decimal(points),
        "red": red,
        "yellow": yellow,
        "green": green,
        **extra,
    }


RED = [
    {
        "district_name": "开发区",
        "code": "PY-2023-033",
        "name": "开发区智能制造基地",
        "reasons": ["有节点逾期超 3 个月：主体结构封顶"],
    },
    {
        "district_name": "濮阳县",
        "code": "PY-2023-014",
        "name": "濮阳县新能源产业园",
        "reasons": ["滞后序时进度 31.2 个百分点", "计划开工月份已过仍未开工"],
    },
    {
        "district_name": "濮阳县",
        "code": "PY-2023-021",
        "name": "濮阳县污水处理厂提标改造",
        "reasons": ["滞后序时进度 27.5 个百分点"],
    },
]

CHANGES = [
    {
        "scope": "city",
        "code": None,
        "name": "濮阳市",
        "figure": "completed_investment",
        "figure_label": "完成投资",
        "old": "10.23 亿元",
        "new": "10.24 亿元",
        "reports": [12],
    },
    {
        "scope": "district",
        "code": "hualong",
        "name": "华龙区",
        "figure": "completed_investment",
        "figure_label": "完成投资",
        "old": "4.43 亿元",
        "new": "4.44 亿元",
        "reports": [12],
    },
    {
        "scope": "project",
        "code": "PY-2023-007",
        "name": "华龙区综合管廊",
        "figure": "completed_investment",
        "figure_label": "完成投资",
        "old": "1,200.00 万元",
        "new": "1,300.00 万元",
        "reports": [12],
    },
]


def make_bulletin(version=2, red_projects=RED):
    return {
        "title": "濮阳市重点项目建设月度通报",
        "issue": 4,
        "year": 2023,
        "month": 4,
        "version": version,
        "office": OFFICE,
        "issued_on": datetime.date(2023, 5, 8),
        "as_of": datetime.date(2023, 4, 30),
        "city": unit("濮阳市", 40, "300000.00", "102416.00", "34.1", "0.8", 3, 5, 32),
        "results": [
            unit(
                "开发区",
                5,
                "10000.00",
                "8800.00",
                "88.0",
                "54.7",
                1,
                0,
                4,
                rank=1,
                district="kaifa",
            ),
            unit(
                "华龙区",
                15,
                "120000.00",
                "44416.00",
                "37.0",
                "3.7",
                0,
                1,
                14,
                rank=2,
                district="hualong",
            ),
            unit(
                "濮阳县",
                20,
                "170000.00",
                "49200.00",
                "28.9",
                "-4.4",
                2,
                4,
                14,
                rank=3,
                district="puyang",
            ),
        ],
        "red_projects": red_projects,
        "changes": CHANGES if version > 1 else [],
    }


# Each unit's row as read across the table, in the table's column order: rank, unit, projects,
# plan, completed, completion rate, points, red, yellow, green.
ROWS = [
    ["1", "开发区", "5", "1.00 亿元", "8,800.00 万元", "88.0%", "+54.7", "1", "0", "4"],
    ["2", "华龙区", "15", "12.00 亿元", "4.44 亿元", "37.0%", "+3.7", "0", "1", "14"],
    ["3", "濮阳县", "20", "17.00 亿元", "4.92 亿元", "28.9%", "-4.4", "2", "4", "14"],
    ["", "全市", "40", "30.00 亿元", "10.24 亿元", "34.1%", "+0.8", "3", "5", "32"],
]
SUMMARY = (
    "截至2023年4月30日，濮阳市 40 个重点项目累计完成投资 10.24 亿元，为年度计划投资 "
    "30.00 亿元的 34.1%，序时进度 33.3%，超序时进度 0.8 个百分点；红灯 3 个、黄灯 5 个、"
    "绿灯 32 个。"
)


def squash(text):
    """Text without whitespace: a PDF wraps a table cell's words where it must."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def docx_text(data):
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def pdf_pages(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


# --- .docx ---------------------------------------------------------------------------------


def test_the_docx_says_the_issue_the_office_the_date_and_the_summary():
    document = Document(io.BytesIO(render_docx(make_bulletin())))
    lines = [paragraph.text for paragraph in document.paragraphs]

    assert lines[:4] == [
        "濮阳市重点项目建设月度通报",
        "第 4 期",
        "（修订版 第 2 版）",
        f"{OFFICE}　2023年5月8日",
    ]
    assert lines[4] == SUMMARY
    # The 落款 closes the document, right-aligned.
    assert lines[-2:] == [OFFICE, "2023年5月8日"]
    assert all(paragraph.alignment == 2 for paragraph in document.paragraphs[-2:])  # RIGHT


def test_the_docx_ranks_the_units_with_their_lights():
    document = Document(io.BytesIO(render_docx(make_bulletin())))
    ranking = document.tables[0]
    header = [cell.text for cell in ranking.rows[0].cells]
    rows = [[cell.text for cell in row.cells] for row in ranking.rows[1:]]

    assert header == [
        "排名",
        "单位",
        "项目数",
        "年度计划投资",
        "完成投资",
        "投资完成率",
        "超序时进度（百分点）",
        "红灯",
        "黄灯",
        "绿灯",
    ]
    assert rows == ROWS
    # The header row repeats on every page the table runs onto.
    assert ranking.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_docx_lists_the_red_projects_under_their_unit_with_each_reason():
    lines = docx_text(render_docx(make_bulletin())).splitlines()
    start = lines.index("滞后项目（红灯）")

    assert lines[start + 1 : start + 10] == [
        "开发区",
        "PY-2023-033　开发区智能制造基地",
        "有节点逾期超 3 个月：主体结构封顶",
        "濮阳县",
        "PY-2023-014　濮阳县新能源产业园",
        "滞后序时进度 31.2 个百分点",
        "计划开工月份已过仍未开工",
        "PY-2023-021　濮阳县污水处理厂提标改造",
        "滞后序时进度 27.5 个百分点",
    ]


def test_the_docx_lists_the_changes_since_the_previous_version():
    document = Document(io.BytesIO(render_docx(make_bulletin(version=2))))
    changes = document.tables[1]

    assert "与第 1 版相比的变化" in docx_text(render_docx(make_bulletin(version=2)))
    assert [[cell.text for cell in row.cells] for row in changes.rows] == [
        ["单位或项目", "指标", "原数", "现数"],
        ["濮阳市", "完成投资", "10.23 亿元", "10.24 亿元"],
        ["华龙区", "完成投资", "4.43 亿元", "4.44 亿元"],
        ["PY-2023-007　华龙区综合管廊", "完成投资", "1,200.00 万元", "1,300.00 万元"],
    ]


def test_a_first_version_says_so_and_lists_no_changes():
    data = render_docx(make_bulletin(version=1))
    text = docx_text(data)

    assert "本期为首次发布。" in text
    assert "修订版" not in text
    assert "变化" not in text
    assert len(Document(io.BytesIO(data)).tables) == 1


def test_the_docx_footer_numbers_the_pages_with_page_and_numpages_fields():
    document = Document(io.BytesIO(render_docx(make_bulletin())))
    footer = document.sections[0].footer.paragraphs[0]._p
    instructions = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    kinds = [node.get(qn("w:fldCharType")) for node in footer.iter(qn("w:fldChar"))]

    assert instructions == ["PAGE", "NUMPAGES"]
    assert kinds == ["begin", "separate", "end"] * 2
    # Words and fields in order: 第 {PAGE} 页 共 {NUMPAGES} 页.
    text = "".join(
        node.text if node.tag == qn("w:t") else f"{{{node.text.strip()}}}"
        for node in footer.iter(qn("w:t"), qn("w:instrText"))
    )
    assert text == "第 {PAGE}1 页 共 {NUMPAGES}1 页"


def test_the_docx_reads_in_english_too():
    with translation.override("en"):
        text = docx_text(render_docx(make_bulletin()))

    assert "Issue 4" in text
    assert "(revised: version 2)" in text
    assert "May 8, 2023" in text
    assert "the 40 key projects of 濮阳市 had completed CNY 1.02 billion" in text


# --- .pdf ----------------------------------------------------------------------------------


def test_the_pdf_says_what_the_docx_says(caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = render_pdf(make_bulletin())
    text = squash("".join(pdf_pages(data)))

    # The text extracts as Chinese, and the font had a glyph for every character (no tofu).
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]
    for expected in [
        "濮阳市重点项目建设月度通报",
        "第 4 期",
        "（修订版 第 2 版）",
        f"{OFFICE}　2023年5月8日",
        SUMMARY,
        *("".join(row) for row in ROWS),
        "滞后项目（红灯）",
        "开发区PY-2023-033　开发区智能制造基地·有节点逾期超 3 个月：主体结构封顶",
        "濮阳县PY-2023-014　濮阳县新能源产业园·滞后序时进度 31.2 个百分点·计划开工月份已过仍未开工"
        "PY-2023-021　濮阳县污水处理厂提标改造·滞后序时进度 27.5 个百分点",
        "与第 1 版相比的变化",
        "濮阳市完成投资10.23 亿元10.24 亿元",
        "华龙区完成投资4.43 亿元4.44 亿元",
        "PY-2023-007　华龙区综合管廊完成投资1,200.00 万元1,300.00 万元",
        f"{OFFICE}2023年5月8日第 1 页 共 1 页",
    ]:
        assert squash(expected) in text


def test_the_pdf_embeds_its_font():
    reader = PdfReader(io.BytesIO(render_pdf(make_bulletin())))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    descriptors = [
        descendant.get_object()["/FontDescriptor"].get_object()
        for font in fonts
        for descendant in font["/DescendantFonts"]
    ]

    assert [font["/Subtype"] for font in fonts] == ["/Type0"]
    assert all("/FontFile2" in descriptor for descriptor in descriptors)
    # A subset: a few dozen glyphs, not the whole 5 MB font.
    assert len(reader.stream.getvalue()) < 200_000


def test_a_long_red_list_runs_onto_numbered_pages():
    many = [
        {
            "district_name": ("华龙区", "濮阳县", "开发区")[number % 3],
            "code": f"PY-2023-{number:03d}",
            "name": f"第 {number} 号重点项目",
            "reasons": [f"滞后序时进度 {20 + number % 10}.5 个百分点"],
        }
        for number in range(1, 121)
    ]
    bulletin = make_bulletin(red_projects=sorted(many, key=lambda p: p["district_name"]))

    pages = pdf_pages(render_pdf(bulletin))
    count = len(pages)

    assert count >= 3
    for number, page in enumerate(pages, start=1):
        assert squash(f"第 {number} 页 共 {count} 页") in squash(page)
    every = squash("".join(pages))
    assert all(squash(f"PY-2023-{n:03d}") in every for n in range(1, 121))
    assert squash(f"{OFFICE}2023年5月8日第 {count} 页 共 {count} 页") in every


def test_a_missing_font_says_which_setting_and_what_to_install(settings, tmp_path):
    settings.BULLETIN_FONT = str(tmp_path / "nowhere.ttc")

    with pytest.raises(ImproperlyConfigured, match="BULLETIN_FONT.*fonts-wqy-microhei"):
        render_pdf(make_bulletin())


def test_a_font_with_postscript_outlines_is_refused(settings):
    # Noto Sans CJK, which CI installs for the browser tests.
    settings.BULLETIN_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if not Path(settings.BULLETIN_FONT).is_file():
        pytest.skip(f"{settings.BULLETIN_FONT} is not installed")

    with pytest.raises(ImproperlyConfigured, match="TrueType outlines"):
        render_pdf(make_bulletin())
