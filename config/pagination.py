"""API pagination: DESIGN.md's page envelope with a capped, client-chosen page size."""

from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=`; page_size above API_MAX_PAGE_SIZE is capped, not refused."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
