"""API pagination: DESIGN.md's page envelope with a capped, client-chosen page size."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from core.cache import CachedCountPaginator
from core.validators import whole_number


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

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = whole_number(raw)
        if not size:
            raise ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of at least 1.")]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        return [
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
