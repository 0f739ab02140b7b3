"""The sync endpoints (DESIGN.md "Sync"): the change feed, the bulk feed, the OC4IDS package."""

from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ApiViewMixin

from ..changes import DEFAULT_LIMIT, MAX_LIMIT, changes_after, newest_cursor, parse_query
from ..feed import FEEDS, ndjson, oc4ids_package


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


class StreamedView(ApiViewMixin, APIView):
    """A streamed answer: never kept whole, neither in memory nor in the response cache."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response.public_cache = False
        if response.streaming:
            response["X-Accel-Buffering"] = "no"  # nginx: pass it on as it is written
        return response


class FeedView(StreamedView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "name",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(FEEDS),
            )
        ],
        responses={(200, "application/x-ndjson"): OpenApiTypes.STR},
        description=_(
            "The bulk feed: every row of the resource the caller may see, one JSON object a "
            "line (NDJSON), with the fields of its list (projects also with their plans, "
            "milestones, funding and figures for the newest closed month), streamed. "
            "Resources: projects, districts, rounds, progress-reports, problems (public "
            "status fields; officials only). Pull it once, then follow changes/ from the "
            "cursor in the `X-Tracker-Cursor` header (read before the rows: a change made "
            "during the pull comes again from the change feed)."
        ),
    )
    def get(self, request, name):
        if name not in FEEDS:
            raise Http404
        cursor = newest_cursor(request.user)
        response = StreamingHttpResponse(
            ndjson(request, name), content_type="application/x-ndjson; charset=utf-8"
        )
        response["X-Tracker-Cursor"] = cursor
        return response


class Oc4idsPackageView(StreamedView):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description=_("Every published project as one OC4IDS 0.9 project package, streamed."),
    )
    def get(self, request):
        return StreamingHttpResponse(
            oc4ids_package(request), content_type="application/json; charset=utf-8"
        )
