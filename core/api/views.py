"""Views every API version shares, the reporting periods (the one clock) and the caller's
reminders."""

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    permission_classes,
    renderer_classes,
    schema,
)
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.filtersets import NotificationFilterSet, ReportingPeriodFilterSet
from core.models import Notification, ReportingPeriod
from core.notify import mark_read
from core.services import period_close, period_open

from .base import ApiViewMixin, call_service, describe
from .serializers import (
    NotificationSerializer,
    PeriodVersionSerializer,
    ReportingPeriodSerializer,
)


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
    queryset = (
        ReportingPeriod.objects.select_related("closed_by")
        .annotate(
            version=Coalesce(Max("versions__number"), 0), published_at=Max("versions__published_at")
        )
        .order_by("-year", "-month")
    )
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilterSet
    lookup_value_regex = r"[0-9]{4}-[0-9]{2}"  # not \d, which matches any script's digits

    def get_object(self):
        year, month = self.kwargs["pk"].split("-")
        return get_object_or_404(self.get_queryset(), year=int(year), month=int(month))

    def _move(self, service):
        period = call_service(service, period=self.get_object(), user=self.request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=period.pk)).data)

    @extend_schema(request=None, description=_("Close the period (city administrators)."))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(period_close)

    @extend_schema(
        responses=PeriodVersionSerializer(many=True),
        description=_(
            "Every published version of the month, oldest first, each with the figures it "
            "changed (old and new value) and the late reports (补报) that caused it; version "
            "1 has none. The public sees the changes of the public record."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def revisions(self, request, pk=None):
        versions = self.get_object().versions.order_by("number")
        return Response(
            PeriodVersionSerializer(versions, many=True, context={"request": request}).data
        )

    @extend_schema(
        request=None,
        description=_("Open the period (city administrators); a published month is not reopened."),
    )
    @action(detail=True, methods=["post"], url_path="open")
    def open_period(self, request, pk=None):
        return self._move(period_open)


@describe(
    list=_(
        "The caller's own reminders (催报, 督办 …), newest first; `unread=true` for those not "
        "read yet."
    ),
    retrieve=_("One of the caller's reminders."),
)
class NotificationViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    permission_classes = [IsAuthenticated]
    queryset = Notification.objects.none()
    conditional = False  # reminders are not tracked rows: no data stamp follows them

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)

    @extend_schema(request=None, description=_("Mark one of the caller's reminders read."))
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        mark_read(Notification.objects.filter(pk=notification.pk))
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)
