"""Filter building blocks shared by every FilterSet (pages and API alike).

A filter must either apply or answer 400: a year of `2022.5`, an amount of `1E+200000`
(which PostgreSQL's numeric type cannot hold), a date of `2022-13-01` or a flag of `maybe`
are refused with a field message instead of being ignored or crashing.
"""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from .models import MAX_YEAR, MIN_YEAR

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


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A calendar year between 2000 and 2100 (the range the models accept)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 12})
class MonthFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 12)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^\d{1,12}(\.\d{1,2})?$"})
class MoneyFilter(django_filters.NumberFilter):
    """An amount in 万元: not negative, at most 12 whole digits and 2 decimals (as stored)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


_descending = lazy(lambda fmt, label: str(fmt) % label, str)


class StableOrderingFilter(django_filters.OrderingFilter):
    """django-filter's OrderingFilter plus the primary key as a last tie-breaker, so that
    paging through rows with equal sort values never repeats or skips a row.

    `nulls_last` names fields (e.g. rates) whose rows without a value come last in either
    direction, on every database.
    """

    # django-filter ships no zh-hans catalog: the label is ours to translate.
    descending_fmt = _("%s (descending)")

    def __init__(self, *args, nulls_last=(), **kwargs):
        self.nulls_last = set(nulls_last)
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        # django-filter formats the descending labels once, at import, in the language active
        # then; kept lazy here, the sort menu follows the language of each request.
        choices = []
        for field, param in fields.items():
            label = labels.get(field, pretty_name(param))
            choices.append((param, label))
            choices.append(
                (f"-{param}", labels.get(f"-{param}", _descending(self.descending_fmt, label)))
            )
        return choices

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        if name not in self.nulls_last:
            return value
        return F(name).desc(nulls_last=True) if value[0] == "-" else F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class FlagFilter(BooleanChoiceFilter):
    """`true` / `false`: whether a row is among those a queryset method picks (`overdue()`,
    `active()`), so the flag has one definition, the model's, and not a second one here."""

    def __init__(self, *args, rows, dated=False, **kwargs):
        self.rows, self.dated = rows, dated
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        # A dated flag (overdue, resolved) is judged on the list's `as_of` day, else today.
        rows = self.rows(self.parent.judged_on) if self.dated else self.rows()
        picked = rows.values("pk")
        return qs.filter(pk__in=picked) if value == "true" else qs.exclude(pk__in=picked)


def visible_code_filter(model, label, field_name=None, to_field_name="code", **kwargs):
    """A code filter whose valid codes are the rows the request's user may see: an
    unpublished project's code is as unknown to the public as a code that does not exist.
    (`to_field_name=None` takes the id, for records that have no code.)"""

    def visible(request):
        return model.objects.visible_to(getattr(request, "user", None))

    return django_filters.ModelChoiceFilter(
        queryset=visible, to_field_name=to_field_name, label=label, field_name=field_name, **kwargs
    )


def date_range(field_name, after_label, before_label):
    """`<x>_after` / `<x>_before` filters on a date, both ends included."""
    return (
        django_filters.DateFilter(field_name=field_name, lookup_expr="gte", label=after_label),
        django_filters.DateFilter(field_name=field_name, lookup_expr="lte", label=before_label),
    )


def choice_order(field, choices):
    """The position of a coded field's value in its choices (a TextChoices class), to sort
    in the choices' order rather than by code: lights by severity, a round's lists in the
    campaign's order."""
    return Case(
        *(When(**{field: value}, then=Value(i)) for i, value in enumerate(choices.values)),
        output_field=IntegerField(),
    )


def ordering_filter(*fields):
    """`?ordering=` over the given fields, each also with `-`; an unknown field is a 400.

    A field is a name, or `(model path, parameter name)` to sort by a related code.
    """
    pairs = [field if isinstance(field, tuple) else (field, field) for field in fields]
    return StableOrderingFilter(fields=pairs, label=_("Sort by"))
