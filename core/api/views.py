"""Views every API version shares, and the reporting periods (the one clock)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import (
    action,
    api_view,
    permission_classes,
    renderer_classes,
    schema,
)
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.filtersets import ReportingPeriodFilterSet
from core.models import ReportingPeriod
from core.services import period_close, period_open

from .base import ApiViewMixin, call_service, describe
from .serializers import ReportingPeriodSerializer


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@renderer_classes([JSONRenderer])
@permission_classes([AllowAny])
@schema(None)
def api_not_found(request, *args, **kwargs):
    raise NotFound()


@describe(
    list=_(
        "Reporting periods (填报周期): one per month, open for reporters until the city "
        "administrator closes it. The newest closed period is the default period of every "
        "figure."
    ),
    retrieve=_("One reporting period, by year and month (`2023-04`)."),
)
class ReportingPeriodViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ReportingPeriod.objects.select_related("closed_by")
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilterSet
    lookup_value_regex = r"\d{4}-\d{2}"

    def get_object(self):
        year, month = self.kwargs["pk"].split("-")
        return get_object_or_404(self.get_queryset(), year=int(year), month=int(month))

    def _move(self, service):
        period = call_service(service, period=self.get_object(), user=self.request.user)
        return Response(self.get_serializer(period).data)

    @extend_schema(request=None, description=_("Close the period (city administrators)."))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(period_close)

    @extend_schema(request=None, description=_("Open or reopen the period (city administrators)."))
    @action(detail=True, methods=["post"], url_path="open")
    def open_period(self, request, pk=None):
        return self._move(period_open)
