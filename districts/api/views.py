"""Reporting units: public reference data (every unit, every viewer)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.decorators import api_view, permission_classes, renderer_classes, schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from districts.filtersets import DistrictFilterSet
from districts.models import District

from .base import ApiViewMixin, describe
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


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@renderer_classes([JSONRenderer])
@permission_classes([AllowAny])
@schema(None)
def api_not_found(request, *args, **kwargs):
    raise NotFound()
