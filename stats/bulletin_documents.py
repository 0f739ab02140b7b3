"""The monthly bulletin (月度通报) as documents an office sends and files: .docx and .pdf.

Pure rendering: `bulletin` is the dict built from a published month's figures (DESIGN.md
"Published months"); nothing here reads the database. Both formats say the same things in
the same order, from one list of blocks (`_blocks`): title, 期号, issuing office and date, a
summary sentence, the 赛马 table, the red-light projects by unit, the changes since the
previous version, the 落款, and "第 x 页 共 y 页" in every page's footer.

Headings go through gettext (English works too); amounts read as the pages read them
(`core.templatetags.figures.amount`: 亿元 from 1 亿 up, else 万元). The PDF embeds a subset
of the TrueType font at settings.BULLETIN_FONT, so it prints the same everywhere.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

from core.templatetags.figures import amount

NONE = "—"


# --- what the documents say, in order -------------------------------------------------------


@dataclass
class Block:
    """One piece of the document: `kind` says how it is laid out."""

    kind: str  # title, centered, paragraph, heading, subheading, item, reason, table, closing
    text: str = ""
    rows: list = field(default_factory=list)  # table: the first row is the header
    numeric: tuple = ()  # table: the indexes of the right-aligned columns
    widths: tuple = ()  # table: the columns' relative widths


def _date(value):
    return date_format(value, "DATE_FORMAT")  # 2023年5月8日


def _rate(value):
    return NONE if value is None else f"{floatformat(value, 1)}%"


def _points(value):
    if value is None:
        return NONE
    return f"{'+' if value > 0 else ''}{floatformat(value, 1)}"


def _points_phrase(value):
    if value is None:
        return NONE
    if value > 0:
        return gettext("+%(points)s points ahead") % {"points": floatformat(value, 1)}
    if value < 0:
        return gettext("%(points)s points behind schedule") % {"points": floatformat(-value, 1)}
    return gettext("on schedule")


def _summary(bulletin):
    city = bulletin["city"]
    return ngettext(
        "As of %(date)s, the %(count)s key project of %(city)s had completed %(completed)s "
        "of its annual plan of %(planned)s: a completion rate of %(rate)s against a schedule "
        "rate of %(schedule)s, %(points)s. Lights: %(red)s red, %(yellow)s yellow, "
        "%(green)s green.",
        "As of %(date)s, the %(count)s key projects of %(city)s had completed %(completed)s "
        "of their annual plan of %(planned)s: a completion rate of %(rate)s against a "
        "schedule rate of %(schedule)s, %(points)s. Lights: %(red)s red, %(yellow)s yellow, "
        "%(green)s green.",
        city["project_count"],
    ) % {
        "date": _date(bulletin["as_of"]),
        "count": city["project_count"],
        "city": city["name"],
        "completed": amount(city["completed_investment"]),
        "planned": amount(city["planned_investment"]),
        "rate": _rate(city["completion_rate"]),
        "schedule": _rate(city["schedule_rate"]),
        "points": _points_phrase(city["points_ahead"]),
        "red": city["red"],
        "yellow": city["yellow"],
        "green": city["green"],
    }


def _ranking(bulletin):
    header = [
        gettext("Rank"),
        gettext("Unit"),
        gettext("Project count"),
        gettext("Annual plan"),
        gettext("Completed investment"),
        gettext("Completion rate"),
        gettext("Points vs schedule"),
        gettext("Red lights"),
        gettext("Yellow lights"),
        gettext("Green lights"),
    ]

    def row(rank, unit):
        return [
            str(rank),
            unit["name"],
            str(unit["project_count"]),
            amount(unit["planned_investment"]),
            amount(unit["completed_investment"]),
            _rate(unit["completion_rate"]),
            _points(unit["points_ahead"]),
            str(unit["red"]),
            str(unit["yellow"]),
            str(unit["green"]),
        ]

    rows = [row(unit["rank"], unit) for unit in bulletin["results"]]
    rows.append(row("", {**bulletin["city"], "name": gettext("Whole city")}))
    return Block(
        "table",
        rows=[header, *rows],
        numeric=(0, 2, 3, 4, 5, 6, 7, 8, 9),
        widths=(5, 12, 7, 12, 12, 10, 12, 6, 6, 6),
    )


def _red_projects(bulletin):
    yield Block("heading", gettext("Lagging projects (red light)"))
    by_unit = {}
    for project in bulletin["red_projects"]:
        by_unit.setdefault(project["district_name"], []).append(project)
    if not by_unit:
        yield Block("paragraph", gettext("No project of the year list has a red light."))
    for unit, projects in by_unit.items():
        yield Block("subheading", unit)
        for project in projects:
            yield Block("item", f"{project['code']}　{project['name']}")
            for reason in project["reasons"]:
                yield Block("reason", reason)


def _changes(bulletin):
    if bulletin["version"] <= 1:
        yield Block("paragraph", gettext("This is the first publication of this month."))
        return
    if not bulletin["changes"]:
        return
    yield Block(
        "heading",
        gettext("Changes since version %(version)s") % {"version": bulletin["version"] - 1},
    )
    header = [
        pgettext("bulletin", "Unit or project"),
        pgettext("bulletin", "Figure"),
        pgettext("bulletin", "Was"),
        pgettext("bulletin", "Now"),
    ]
    rows = [
        [
            f"{change['code']}　{change['name']}"
            if change["scope"] == "project"
            else change["name"],
            change["figure_label"],
            change["old"],
            change["new"],
        ]
        for change in bulletin["changes"]
    ]
    yield Block("table", rows=[header, *rows], numeric=(2, 3), widths=(34, 26, 20, 20))


def _blocks(bulletin):
    issued = _date(bulletin["issued_on"])
    yield Block("title", bulletin["title"])
    yield Block("centered", gettext("Issue %(issue)s") % {"issue": bulletin["issue"]})
    if bulletin["version"] > 1:
        yield Block(
            "centered", gettext("(revised: version %(version)s)") % {"version": bulletin["version"]}
        )
    yield Block("centered", f"{bulletin['office']}　{issued}")
    yield Block("paragraph", _summary(bulletin))
    yield Block(
        "heading",
        gettext("Units ranked by investment completion, %(year)s") % {"year": bulletin["year"]}
        + " · "
        + gettext("up to month %(month)s") % {"month": bulletin["month"]},
    )
    yield _ranking(bulletin)
    yield from _red_projects(bulletin)
    yield from _changes(bulletin)
    yield Block("closing", bulletin["office"])
    yield Block("closing", issued)


def _footer_parts():
    """The footer's words around the page number and the page count, in the language's order:
    [text, "page", text, "pages", text]."""
    marked = gettext("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    return marked.split("\0")


# --- .docx ---------------------------------------------------------------------------------


def render_docx(bulletin):
    """The bulletin as a Word document (A4), its footer "第 x 页 共 y 页" in PAGE and NUMPAGES
    fields that Word fills in."""
    # Imported when a document is asked for (fpdf2 takes 0.2 s): views import this module.
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    def east_asian(style_or_run, typeface):
        fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), typeface)

    def fld_char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    def add_field(paragraph, instruction):
        """A field (PAGE, NUMPAGES) showing "1" until the reader updates it."""
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = f" {instruction} "
        paragraph.add_run()._r.extend([fld_char("begin"), code, fld_char("separate")])
        paragraph.add_run("1")
        paragraph.add_run()._r.append(fld_char("end"))

    document = Document()
    document.core_properties.title = bulletin["title"]
    document.core_properties.author = bulletin["office"]
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(25)

    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    east_asian(normal, "宋体")
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        east_asian(style, "黑体")

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in _footer_parts():
        if part == "page":
            add_field(footer, "PAGE")
        elif part == "pages":
            add_field(footer, "NUMPAGES")
        elif part:
            footer.add_run(part)

    first_closing = True
    for block in _blocks(bulletin):
        if block.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(block.text)
            run.bold = True
            run.font.size = Pt(20)
            east_asian(run, "黑体")
        elif block.kind == "centered":
            document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "paragraph":
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(22)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "subheading":
            document.add_heading(block.text, level=2)
        elif block.kind == "item":
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = True
            paragraph.paragraph_format.keep_with_next = True  # with its reasons
        elif block.kind == "reason":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "table":
            table = document.add_table(rows=0, cols=len(block.widths), style="Table Grid")
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for number, values in enumerate(block.rows):
                cells = table.add_row().cells
                for index, value in enumerate(values):
                    cells[index].width = Mm(170 * block.widths[index] / sum(block.widths))
                    paragraph = cells[index].paragraphs[0]
                    run = paragraph.add_run(value)
                    run.font.size = Pt(9)
                    if number == 0:
                        run.bold = True
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    elif index in block.numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            # The header row repeats on every page the table runs onto.
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        elif block.kind == "closing":
            paragraph = document.add_paragraph(block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if first_closing:
                paragraph.paragraph_format.space_before = Pt(36)
                paragraph.paragraph_format.keep_with_next = True  # with the date
                first_closing = False

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- .pdf ----------------------------------------------------------------------------------

FONT = "bulletin"


def _font_path():
    path = Path(settings.BULLETIN_FONT)
    if not path.is_file():
        raise ImproperlyConfigured(
            f"The bulletin's PDF font is missing: BULLETIN_FONT is {str(path)!r}, which is not "
            "a file. Install the font (apt-get install fonts-wqy-microhei) or set "
            "BULLETIN_FONT to a Chinese TrueType font (.ttf or .ttc)."
        )
    return path


def render_pdf(bulletin):
    """The bulletin as a PDF (A4) with a subset of the BULLETIN_FONT embedded, every page's
    footer "第 x 页 共 y 页"."""
    from fpdf import FPDF  # 0.2 s to import: only when a PDF is asked for
    from fpdf.enums import WrapMode, XPos, YPos
    from fpdf.fonts import FontFace

    path = _font_path()
    footer_parts = _footer_parts()

    class PDF(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font(FONT, size=9)
            numbers = {"page": str(self.page_no()), "pages": self.str_alias_nb_pages}
            text = "".join(numbers.get(part, part) for part in footer_parts)
            self.cell(0, 8, text, align="C")

    pdf = PDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(bulletin["title"])
    pdf.set_author(bulletin["office"])
    pdf.set_lang(get_language())
    try:
        pdf.add_font(FONT, fname=path)
    except Exception as error:
        raise ImproperlyConfigured(
            f"BULLETIN_FONT {str(path)!r} could not be read as a font: {error}"
        ) from error
    if pdf.fonts[FONT].is_cff:
        # fpdf2 writes the widths of a CFF (PostScript-outline) subset keyed by the wrong
        # CIDs: viewers and text extraction then space the characters differently.
        raise ImproperlyConfigured(
            f"BULLETIN_FONT {str(path)!r} has PostScript (CFF) outlines, as Noto Sans CJK "
            "does: use a font with TrueType outlines (fonts-wqy-microhei: "
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc)."
        )
    pdf.add_page()
    # Chinese breaks a line between any two characters; English between words.
    wrapmode = WrapMode.CHAR if get_language().startswith("zh") else WrapMode.WORD

    def keep_with_next(height):
        """A heading or a project's line starts a page rather than end one."""
        if pdf.will_page_break(height):
            pdf.add_page()

    def text(content, size=11, align="L", indent=0, before=0, after=1.5, line=None):
        pdf.set_font(FONT, size=size)
        pdf.set_x(pdf.l_margin + indent)
        if before:
            pdf.ln(before)
            pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            pdf.epw - indent,
            line or size * 0.55,
            content,
            align=align,
            wrapmode=wrapmode,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(after)

    first_closing = True
    for block in _blocks(bulletin):
        if block.kind == "title":
            text(block.text, size=18, align="C", after=4)
        elif block.kind == "centered":
            text(block.text, align="C")
        elif block.kind == "paragraph":
            text(block.text, align="J", before=3, line=6.5)
        elif block.kind == "heading":
            keep_with_next(30)
            text(block.text, size=13, before=5, after=2)
        elif block.kind == "subheading":
            keep_with_next(25)
            text(block.text, size=12, before=2)
        elif block.kind == "item":
            keep_with_next(14)
            text(block.text, indent=4, after=0.5)
        elif block.kind == "reason":
            text(f"· {block.text}", size=10, indent=10)
        elif block.kind == "table":
            pdf.set_font(FONT, size=8)
            aligns = ["R" if i in block.numeric else "L" for i in range(len(block.rows[0]))]
            with pdf.table(
                col_widths=block.widths,
                text_align=aligns,
                headings_style=FontFace(fill_color=(230, 230, 230)),
                line_height=4.5,
                wrapmode=wrapmode,
            ) as table:
                for values in block.rows:
                    table.row(values)
        elif block.kind == "closing":
            if first_closing:
                keep_with_next(30)  # the office and the date on one page
            text(block.text, align="R", before=12 if first_closing else 0)
            first_closing = False
    return bytes(pdf.output())
