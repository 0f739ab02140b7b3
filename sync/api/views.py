"""The sync endpoints (DESIGN.md "Sync"): the change feed, the bulk feed, the OC4IDS package."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ApiViewMixin

from ..changes import DEFAULT_LIMIT, MAX_LIMIT, changes_after, parse_query


class ChangesView(ApiViewMixin, APIView):
    """What changed after a cursor, oldest first."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description=_("The `next` cursor of the previous answer; omitted: from the start."),
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description=_("Changes per answer: %(default)s by default, at most %(max)s.")
                % {"default": DEFAULT_LIMIT, "max": MAX_LIMIT},
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description=_(
            "The change feed: each create, update, unpublish and delete of a resource "
            "(project, progress-report, district, round, problem) after the cursor, oldest "
            "first, each resource once at its newest change. An upsert carries the resource "
            "as the list shows it to the caller now (`data`); a resource deleted or no longer "
            "visible to the caller is a `delete` tombstone. Keep `next` for the next call."
        ),
    )
    def get(self, request):
        since, limit = parse_query(request.query_params)
        return Response(changes_after(request, since, limit))
