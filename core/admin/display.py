"""Small display helpers every admin list uses."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from core.templatetags.figures import amount

RED = "#ba2121"


def badge(colour, text):
    """A coloured label in a list (status, warning light, overdue)."""
    return format_html(
        '<span style="color:{};font-weight:bold;white-space:nowrap">● {}</span>', colour, text
    )


def changelist_url(model, **params):
    """The admin list of `model`, filtered by `params` (every dashboard figure links to one)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def money_column(field, description):
    """An admin list column showing the amount `field` (万元) by the money rule ("10.24 亿元"),
    sortable by the field; `description` is the column's heading (no unit: the value has it)."""

    @admin.display(description=description, ordering=field)
    def column(self, obj):
        return amount(getattr(obj, field))

    column.__name__ = f"{field}_amount"
    return column
