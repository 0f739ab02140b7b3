"""Spreadsheet cells that leave the system (admin exports, the public project export): text
that a spreadsheet program would run as a formula stays text (CSV / formula injection).

Text is dangerous when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, unless
it is a plain number: a negative amount is a number, not a formula, and stays one.

- CSV: dangerous text gets a leading apostrophe, which spreadsheet programs read as "text";
  an import strips it again, so an exported file still imports back unchanged.
- XLSX: dangerous text is written as a text cell marked quote-prefixed (what Excel does when
  one types an apostrophe first): the value is unchanged, and never becomes a formula.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not enough: it only
strips a leading `=` (so `==1+1` stays a formula) and turns every number into text.
"""

import re

from import_export.formats import base_formats
from tablib import Dataset
from tablib.formats._xlsx import XLSXFormat

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def looks_like_formula(value) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def csv_text(value):
    """A CSV cell's value, with an apostrophe before text that could run as a formula."""
    return "'" + value if looks_like_formula(value) else value


def from_csv_text(value):
    """The value `csv_text` was given back (for imports of our own exports)."""
    if isinstance(value, str) and value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def inert_xlsx_cell(cell):
    """An openpyxl cell whose text could run as a formula, kept as text (openpyxl itself
    makes any text starting with `=` a formula)."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _map_cells(dataset, function):
    mapped = Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        mapped.append([function(value) for value in row])
    return mapped


class _InertXLSXFormat(XLSXFormat):
    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                inert_xlsx_cell(cell)


class CSV(base_formats.CSV):
    """django-import-export's CSV format, formula-safe (see the module docstring)."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_cells(dataset, csv_text), **kwargs)


class XLSX(base_formats.XLSX):
    """django-import-export's XLSX format, formula-safe (see the module docstring)."""

    def export_data(self, dataset, **kwargs):
        return _InertXLSXFormat.export_set(dataset)
