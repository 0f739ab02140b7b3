"""Reporting units: public reference data (every unit, every viewer)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets

from core.api.base import ApiViewMixin, describe
from districts.filtersets import DistrictFilterSet
from districts.models import District

from .serializers import DistrictSerializer


@describe(
    list=_("Reporting units (districts, zones, parks and the city). Read-only over the API."),
    retrieve=_("One reporting unit, by its code. Read-only over the API."),
)
class DistrictViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    # Units are public reference data, not scoped rows: every viewer sees all of them.
    queryset = District.objects.select_related("parent")
    serializer_class = DistrictSerializer
    filterset_class = DistrictFilterSet
    lookup_field = "code"
