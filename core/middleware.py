"""Requests refused before any view runs: input no view can handle safely.

Both answer in JSON (`{"detail": …}`) to the REST API and as a plain error page elsewhere.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext
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
