"""CSV and .xlsx export of the public project list (exactly the rows `/projects/` filtered).

The headers are fixed Chinese column names: the file is a data format read by officials'
spreadsheets, so it does not change with the page language. Coded values (stage, level …)
are written as their Chinese labels (`translation.override` to the site language). Text
that a spreadsheet would run as a formula stays text (core.spreadsheets).
"""

import csv
import io
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import csv_text, inert_xlsx_cell

from .choices import WarningLight

MONEY_FORMAT = "#,##0.00"

# (header, how to read the value from an annotated project row); {year} is the plan year.
COLUMNS = [
    ("项目代码", lambda p: p.code),
    ("国家项目代码", lambda p: p.national_code),
    ("项目名称", lambda p: p.name),
    ("所属单位", lambda p: p.district.name),
    ("项目级别", lambda p: p.get_level_display()),
    ("项目类别", lambda p: p.get_category_display()),
    ("建设性质", lambda p: p.get_nature_display()),
    ("所属产业", lambda p: p.industry.name if p.industry else ""),
    ("项目阶段", lambda p: p.get_stage_display()),
    ("总投资（万元）", lambda p: p.total_investment),
    ("{year}年计划投资（万元）", lambda p: p.plan_investment),
    ("{year}年完成投资（万元）", lambda p: p.completed_investment),
    ("预警", lambda p: WarningLight(p.warning).label),
    ("计划开工", lambda p: p.planned_start),
    ("实际开工", lambda p: p.actual_start),
    ("计划竣工", lambda p: p.planned_completion),
    ("业主单位", lambda p: p.owner.name if p.owner else ""),
    ("分包领导", lambda p: p.leader),
    ("建设地点", lambda p: p.location),
]


def headers(year):
    return [header.format(year=year) for header, _read in COLUMNS]


def rows(projects):
    """One list of cell values per project, labels in the site language."""
    with translation.override(settings.LANGUAGE_CODE):
        for project in projects.iterator(chunk_size=1000):
            yield [_plain(read(project)) for _header, read in COLUMNS]


def _plain(value):
    """Lazy translations become plain strings (spreadsheet writers take str, not proxies)."""
    return str(value) if isinstance(value, Promise) else value


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return csv_text(str(value))


def projects_csv(projects, *, year, filename):
    """UTF-8 with a byte-order mark so that Excel opens the Chinese text correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(headers(year))
        for row in rows(projects):
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def projects_xlsx(projects, *, year, filename):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("重点项目")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers(year):
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows(projects):
        cells = []
        for value in row:
            cell = inert_xlsx_cell(WriteOnlyCell(sheet, value=value))
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
            elif value is not None and hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
