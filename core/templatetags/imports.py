"""The errors of an import as a clerk fixes them in Excel: one line per error with the row
number Excel shows (the header is row 1, so a file's first data row is row 2), the column,
the value in the cell and what is wrong with it."""

from django import template
from django.utils.encoding import force_str

register = template.Library()

# django-import-export fills a column the file lacks with this placeholder.
MISSING = "---"


def _excel_row(number):
    return number + 1


@register.filter
def excel_errors(result):
    headers = list(result.diff_headers)
    lines = []
    for row in result.invalid_rows:
        values = dict(zip(headers, row.values, strict=False))
        for column, messages in row.field_specific_errors.items():
            value = values.get(column)
            for message in messages:
                lines.append(
                    {
                        "row": _excel_row(row.number),
                        "column": column,
                        "value": "" if value in (None, MISSING) else force_str(value),
                        "message": message,
                    }
                )
        for message in row.non_field_specific_errors:
            lines.append(
                {"row": _excel_row(row.number), "column": "", "value": "", "message": message}
            )
    for number, errors in result.row_errors():
        for error in errors:
            lines.append(
                {
                    "row": _excel_row(number),
                    "column": "",
                    "value": "",
                    "message": force_str(error.error),
                }
            )
    return sorted(lines, key=lambda line: line["row"])
