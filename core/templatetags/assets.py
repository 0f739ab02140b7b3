"""`{% static_if_present path as url %}`: the URL of a static file, or "" when the deployment
lacks it, so a page renders without an optional script instead of failing (with the manifest
storage `{% static %}` raises for a file that was never collected)."""

from django import template
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

register = template.Library()


@register.simple_tag
def static_if_present(path):
    if not (staticfiles_storage.exists(path) or finders.find(path)):
        return ""
    try:
        return staticfiles_storage.url(path)
    except ValueError:  # collected before the file existed: not in the manifest
        return ""
