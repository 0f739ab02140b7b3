"""Conditional requests (DESIGN.md "Sync"): `ETag` and `Last-Modified` on every API read, and
`If-None-Match` / `If-Modified-Since` answered 304 before anything is computed or rendered.

What a response is computed from changes only by a write to a tracked model (core.tracking),
and each commit of one replaces the **data stamp** (core.cache): `(random token, second)`. A
response's validators are the stamp read *before* the response is computed, with the viewer
(its scope key and user id) and the language: a write committed while the response is
computed only makes the next request compute again. Reading the stamp is the whole cost of an
unchanged page. `Last-Modified` is the stamp's second: each stamp gets a later second than
the one before it, so that `If-Modified-Since` (whole seconds) never mistakes a second write
within a second for no change.

A view may give validators of its own (`conditional_validators`): a published month's
statistics are fixed, and name the published version instead (stats.api.views).
"""

import hashlib

from django.conf import settings
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.exceptions import APIException

from ..cache import stamp
from ..scoping import scope_key


def viewer_key(user):
    """Who the response was computed for: rows and private fields depend on the scope, the
    caller's own rows (notifications) on the user."""
    return f"{scope_key(user)}:{getattr(user, 'pk', None) or ''}"


def make_etag(*parts):
    raw = "\x1f".join(
        str(part) for part in (*parts, translation.get_language(), settings.CODE_VERSION)
    )
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


class _NotModified(APIException):
    status_code = 304

    def __init__(self, response):
        super().__init__()
        self.response = response


class ConditionalMixin:
    """For a DRF view: validators on every GET, and a 304 in place of the handler when the
    client's copy is current. Set `conditional = False` for a view whose response depends on
    rows that are not tracked."""

    conditional = True

    def conditional_validators(self, request):
        """(etag, last_modified as a Unix time) for this request, or (None, None)."""
        current = stamp()
        if current is None:
            return None, None
        token, second = current
        return make_etag("live", token, viewer_key(request.user), request.get_full_path()), second

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._validators = (None, None)
        if not self.conditional or request.method not in ("GET", "HEAD"):
            return
        etag, last_modified = self._validators = self.conditional_validators(request)
        if etag is None and last_modified is None:
            return
        unchanged = get_conditional_response(
            request, etag=etag, last_modified=last_modified and int(last_modified)
        )
        if unchanged is not None:
            raise _NotModified(unchanged)

    def handle_exception(self, exc):
        if isinstance(exc, _NotModified):
            return self._with_validators(exc.response)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            self._with_validators(response)
        return response

    def _with_validators(self, response):
        etag, last_modified = getattr(self, "_validators", (None, None))
        if etag and not response.has_header("ETag"):
            response["ETag"] = etag
        if last_modified and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(int(last_modified))
        return response
