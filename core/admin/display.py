"""Small display helpers every admin list uses."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html

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
