#!/usr/bin/env python
"""Write the blank import templates (static/import-templates/*.xlsx), headers in Chinese.

Each template has the import's columns on the first sheet, headed as the admin exports them
(verbose names in zh-hans; code columns say so), and a second sheet listing, per column,
what it takes: the allowed codes of coded values, yes/no columns, and which code a related
row is named by. Run after the translations change:

    .venv/bin/python scripts/make_import_templates.py [--language zh-hans] [--out DIR]
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "make-import-templates")
    import django

    django.setup()


def templates():
    """File name → resource class, for every import the admin offers."""
    from enterprises.resources import CadreResource, EnterpriseResource, ProblemResource
    from projects.resources import AnnualPlanResource, ProgressReportResource, ProjectResource

    return {
        "projects.xlsx": ProjectResource,
        "annual_plans.xlsx": AnnualPlanResource,
        "progress_reports.xlsx": ProgressReportResource,
        "enterprises.xlsx": EnterpriseResource,
        "cadres.xlsx": CadreResource,
        "problems.xlsx": ProblemResource,
    }


def column_notes(resource_field):
    """What a column takes, in a sentence (second sheet of the template)."""
    from django.utils.translation import gettext

    from core.resources import BooleanWidget, ChoiceWidget, CodesWidget, CodeWidget

    widget = resource_field.widget
    if isinstance(widget, ChoiceWidget):
        return "; ".join(f"{code} = {label}" for code, label in widget.choices)
    if isinstance(widget, BooleanWidget):
        return gettext("1 = yes, 0 = no")
    if isinstance(widget, CodeWidget | CodesWidget):
        return gettext("the %(key)s of an existing %(model)s") % {
            "key": getattr(widget, "key_label", gettext("code")),
            "model": widget.model._meta.verbose_name,
        }
    return ""


def import_columns(resource):
    return [f for f in resource.get_import_fields() if not f.readonly]


def write_templates(out_dir, language="zh-hans"):
    """Write one .xlsx per import into out_dir; returns the paths written."""
    from django.utils import translation
    from django.utils.translation import gettext
    from openpyxl import Workbook
    from openpyxl.styles import Font

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with translation.override(language):
        for name, resource_class in templates().items():
            resource = resource_class()
            columns = import_columns(resource)
            book = Workbook()
            sheet = book.active
            sheet.title = str(resource._meta.model._meta.verbose_name_plural)[:31]
            sheet.append([str(f.column_name) for f in columns])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                sheet.column_dimensions[cell.column_letter].width = 16
            notes = book.create_sheet(gettext("Columns")[:31])
            notes.append([gettext("Column"), gettext("What it takes")])
            for f in columns:
                notes.append([str(f.column_name), column_notes(f)])
            notes.column_dimensions["A"].width = 24
            notes.column_dimensions["B"].width = 80
            path = out_dir / name
            book.save(path)
            written.append(path)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="zh-hans")
    parser.add_argument("--out", default=str(ROOT / "static" / "import-templates"))
    args = parser.parse_args()
    setup_django()
    for path in write_templates(args.out, args.language):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
