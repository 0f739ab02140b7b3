"""API pagination: DESIGN.md's page envelope with a capped, client-chosen page size."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from core.cache import CachedCountPaginator, cached_count
from core.validators import whole_number


def _page_size(paginator, request):
    """`?page_size=`: a positive whole number (400 otherwise), capped at the maximum."""
    raw = request.query_params.get(paginator.page_size_query_param)
    if raw is None:
        return paginator.page_size
    size = whole_number(raw)
    if not size:
        raise ValidationError(
            {paginator.page_size_query_param: [_("Enter a whole number of at least 1.")]}
        )
    return min(size, paginator.max_page_size)


class KeysetPagination(pagination.CursorPagination):
    """`?cursor=`: keyset pagination over the rows in the order they were created (their
    primary key), so that the thousandth page costs what the first does (no OFFSET). An
    empty `?cursor=` asks for the first page; `next` and `previous` carry the cursor.
    `?ordering=` does not apply to it. The envelope keeps `count` (cached until a write)."""

    ordering = ("pk",)
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _page_size(self, request)

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None
        try:
            return super().decode_cursor(request)
        except NotFound as exc:  # a cursor this API did not hand out: bad input
            raise ValidationError(
                {self.cursor_query_param: [_("Give the cursor of a `next` or `previous` link.")]}
            ) from exc

    def paginate_queryset(self, queryset, request, view=None):
        self.count = cached_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {"count": self.count, **response.data}
        return response


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=`; page_size above API_MAX_PAGE_SIZE is capped, not refused.

    A page_size that is not a positive whole number is a 400 (a silently ignored parameter
    would hand the client a page of a size it did not ask for); a page past the end is
    DRF's 404 `{"detail": …}`. Counts are cached until the next write (core.cache).
    """

    django_paginator_class = CachedCountPaginator

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    page_query_description = _("Page number, from 1. A page past the last one answers 404.")

    keyset = None

    def get_page_size(self, request):
        return _page_size(self, request)

    def paginate_queryset(self, queryset, request, view=None):
        """`?cursor=` (even empty) walks by keyset (KeysetPagination), else by page number."""
        if KeysetPagination.cursor_query_param in request.query_params:
            self.keyset = KeysetPagination()
            return self.keyset.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset is not None:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": KeysetPagination.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Keyset pagination: empty for the first page, then the cursor in "
                        "`next`. Rows come in the order they were created (`ordering` does "
                        "not apply); any page costs what the first does. Without it, `page`."
                    )
                ),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(self.page_query_description),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Rows per page: %(default)s by default; values above %(max)s are "
                        "answered with %(max)s rows."
                    )
                    % {"default": self.page_size, "max": self.max_page_size}
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["count", "next", "previous", "results"]
        return envelope
