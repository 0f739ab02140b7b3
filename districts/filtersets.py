"""FilterSets of reporting units (the shared typed filters are in core/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilter, code_filter, ordering_filter

from .models import District, DistrictKind


class DistrictFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DistrictKind.choices, label=_("Kind"))
    parent = code_filter(District.objects.all(), _("Parent unit"))
    search = SearchFilter(fields=["name", "code"])
    ordering = ordering_filter("order", "code", "name")

    class Meta:
        model = District
        fields = []
