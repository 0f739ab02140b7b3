"""Filter building blocks shared by every FilterSet (pages and API alike)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

BOOLEAN_CHOICES = (("true", _("Yes")), ("false", _("No")))


class BooleanChoiceFilter(django_filters.ChoiceFilter):
    """`true` / `false` only: any other value is a 400, never a silently ignored filter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", BOOLEAN_CHOICES)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")


class SearchFilter(django_filters.CharFilter):
    """Substring search over several fields (works for Chinese on SQLite and PostgreSQL)."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return qs.filter(query)


def code_filter(queryset, label, field_name=None, **kwargs):
    """A filter that takes a stable code (`?district=hualong`), never a database id."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset, to_field_name="code", label=label, field_name=field_name, **kwargs
    )
