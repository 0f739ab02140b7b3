"""Conditional requests (DESIGN.md "Sync"): `ETag` and `Last-Modified` on every API read, and
`If-None-Match` / `If-Modified-Since` answered 304 before anything is computed or rendered.

What a response is computed from changes only by a write to a tracked model (core.tracking):
every such write, once committed, replaces the **data stamp** — one entry in the shared
cache, `(random token, second)`. A response's validators are the stamp read *before* the
response is computed, with the viewer (its scope key and user id) and the language: a write
committed while the response is computed only makes the next request compute again. Reading
the stamp is the whole cost of an unchanged page: one round trip to the cache (one query
with the database cache, none more). The stamp is written at commit only, once per
transaction however many rows it wrote.

`Last-Modified` is the stamp's second. Each stamp gets a later second than the one before
it, even when writes come faster than one a second, so that `If-Modified-Since` (whole
seconds) never mistakes a second write within a second for no change.

A view may give validators of its own (`conditional_validators`): a published month's
statistics are fixed, and name the published version instead (stats.api.views).
"""

import hashlib
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.exceptions import APIException

from ..cache import DROPPED_WHEN_CONFIRMED, distrust, strict_cache, trusted
from ..scoping import scope_key

STAMP_KEY = "tracker:data-stamp"
DROPPED_WHEN_CONFIRMED.add(STAMP_KEY)


def _write_stamp():
    try:
        previous = cache.get(STAMP_KEY)
        second = math.ceil(time.time())
        if previous is not None:
            second = max(second, previous[1] + 1)
        strict_cache().set(STAMP_KEY, (uuid.uuid4().hex, second), timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the write; no stamp = no 304
        cache_failed()


def cache_failed():
    """A stamp that could not be replaced must not be trusted: nothing is answered 304 by
    this process until the cache has taken the write's tokens again, and the stamp is
    dropped then (core.cache.distrust)."""
    distrust()


def data_stamped(sender, **kwargs):
    """`rows_changed` receiver: a new stamp when the write's transaction commits, once per
    atomic block: a stamp already waiting in the same block (same savepoints, so discarded
    with this write on a rollback) is enough."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        level = set(connection.savepoint_ids)
        if any(
            sids == level and getattr(func, "pending_stamp", False)
            for sids, func, *_robust in connection.run_on_commit
        ):
            return

    def stamp():
        stamp.pending_stamp = False
        _write_stamp()

    stamp.pending_stamp = True
    transaction.on_commit(stamp)


def data_stamp():
    """The current (token, second); a new one when the cache has none (after a flush or an
    eviction its second is now: later than anything a client holds). None when the cache
    cannot be read, or cannot be trusted (core.cache.trusted)."""
    if not trusted():
        return None
    try:
        stamp = cache.get(STAMP_KEY)
        if stamp is None:
            cache.add(STAMP_KEY, (uuid.uuid4().hex, math.ceil(time.time())), timeout=None)
            stamp = cache.get(STAMP_KEY)
        return stamp
    except Exception:  # noqa: BLE001
        return None


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
        stamp = data_stamp()
        if stamp is None:
            return None, None
        token, second = stamp
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
