"""Requests refused before any view runs (input no view can handle safely), and requests
no database connection could be had for.

They answer in JSON (`{"detail": …}`) to the REST API and as a plain error page elsewhere.
"""

import sys

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, connections
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults
from rest_framework.views import APIView

NUL = "\x00"


def _is_api_view(view_func):
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def _refuse(view_func, status, message):
    if _is_api_view(view_func):
        return JsonResponse({"detail": message}, status=status)
    if status == 404:
        raise Http404(message)
    if status == 400:
        raise BadRequest(message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is refused (PostgreSQL cannot hold
    or compare text containing one, so a lookup or search with it would be a 500).

    In the path it names nothing (404); in a parameter it is a bad request (400).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if NUL in request.path:
            return _refuse(view_func, 404, gettext("Not found."))
        for key, values in request.GET.lists():
            if NUL in key or any(NUL in value for value in values):
                return _refuse(view_func, 400, gettext("A parameter contains a NUL character."))
        return None


class AnonymousBodyLimitMiddleware:
    """Anonymous requests may send at most ANONYMOUS_MAX_BODY_BYTES (413 beyond): what the
    public may send (a problem report) is small, and a large body costs memory before any
    rule can refuse it. Officials (session or token) keep Django's upload limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.ANONYMOUS_MAX_BODY_BYTES
        if length <= limit or "authorization" in request.headers:
            return None
        if request.user.is_authenticated:
            return None
        message = gettext(
            "The request is too large: anonymous requests may send at most %(size)d KB."
        ) % {"size": limit // 1024}
        return _refuse(view_func, 413, message)


RETRY_AFTER_SECONDS = 30


def _database_unreachable(exception):
    """A database error while a connection could not be opened (PostgreSQL's
    max_connections taken, the server restarting or down) or was lost (the server stopped
    under it, e.g. while a template's query ran, outside the request's transaction); not a
    bad query."""
    return isinstance(exception, (OperationalError, InterfaceError)) and any(
        each.connection is None or getattr(each.connection, "closed", False)
        for each in connections.all(initialized_only=True)
    )


def server_error(request):
    """handler500 (called while the exception is handled, so sys.exception() is it; Django
    logs it either way). A request no database connection could be had for is a 503 with
    Retry-After, which clients and load balancers retry, instead of a 500. Whatever raised
    it (the cache, the session, the view) and in whichever language the client asked for:
    LocaleMiddleware may not have run."""
    if not _database_unreachable(sys.exception()):
        return defaults.server_error(request)
    with translation.override(translation.get_language_from_request(request)):
        message = gettext("The service is busy: please try again in a moment.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
