"""Figures and public responses kept in the shared cache, keyed by the data stamp.

The cache is Django's (`django.core.cache.cache`: Redis or the database, one store for every
worker and host). One entry in it, the **data stamp** `(random token, second)`, is replaced
when a transaction that wrote a tracked model (core.tracking) commits: once per transaction,
however many rows it wrote. A cached value's key names the stamp it was computed under, with
the viewer's scope (core.scoping.scope_key), the language, the day and the code's version:
after a commit, everything cached before it is out of reach on every worker at once, and
the next request computes it again from the database. Nothing is deleted and nothing expires
early. The API's validators (core.api.conditional) are the same stamp. A published month's
figures are not here: they are stored once, in the database (stats.published).

A value computed from the data before a commit was computed under the stamp before it, so it
is never reached after it. A transaction that wrote tracked rows sees rows nobody else sees
yet: until it commits, what it caches is keyed by a token of its own too, new at each of its
writes. Stamps are random, not counters, so one lost from the cache (eviction, a restart) is
never issued again for older values.

A cache that fails (Redis stopped, or silent: core.outage) is a miss. A commit whose stamp the
cache did not take leaves the values under the old one in a Redis that comes back: this
process then serves nothing cached (`trusted`) until the cache took a new stamp, asked again
every second by a thread of its own.
"""

import functools
import hashlib
import logging
import math
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost, EmptyResultSet
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re
from django.utils.functional import cached_property
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .outage import BREAKER
from .scoping import is_public_request, scope_key
from .watch import WATCH

outage_log = logging.getLogger("core.outage")

PREFIX = "tracker:"
STAMP_KEY = f"{PREFIX}stamp"
# Keys name the day, so a value is never wanted for longer.
TIMEOUT = 24 * 3600
CACHE_ERRORS = (ConnectionInterrupted, RedisError)


def strict_cache():
    """The shared cache, raising its errors: Redis's client (the cache ignores them) or the
    database's cache."""
    backend = caches["default"]
    return backend.client if isinstance(backend, RedisCache) else backend


def _fresh_stamp(after=None):
    """A new stamp, a later second than `after`'s: `If-Modified-Since` counts whole seconds."""
    second = math.ceil(time.time())
    return uuid.uuid4().hex, max(second, after[1] + 1) if after else second


def stamp():
    """The current (token, second): as kept by this process (core.watch), else read (and
    created when the cache has none). None when the cache cannot be read or trusted."""
    if not trusted():
        return None
    generation, kept = WATCH.kept()
    if kept is not None:
        return kept
    try:
        current = strict_cache().get(STAMP_KEY)
        if current is None:
            strict_cache().add(STAMP_KEY, _fresh_stamp(), timeout=None)
            current = strict_cache().get(STAMP_KEY)
    except Exception:  # noqa: BLE001 - Redis's errors, or the database cache's
        return None
    WATCH.keep(generation, current)
    return current


_unconfirmed = threading.Event()  # set: a commit's stamp the cache did not take
_lock = threading.Lock()


def _replace_stamp():
    """Store a new stamp and announce it (core.watch); False when the cache failed."""
    with _lock:
        try:
            strict_cache().set(STAMP_KEY, _fresh_stamp(strict_cache().get(STAMP_KEY)), None)
            WATCH.announce()
        except Exception:  # noqa: BLE001 - Redis's errors, or the database cache's
            WATCH.forget()
            return False
    return True


def _committed():
    if _replace_stamp() or _unconfirmed.is_set():
        return
    _unconfirmed.set()
    outage_log.error(
        "The data stamp was not replaced in the cache: no cached value is served by this "
        "process until it is"
    )
    threading.Thread(target=_confirm, name="cache-stamp", daemon=True).start()


def _confirm():
    """Ask the cache every second until it takes a new stamp, also when this process gets no
    request: until then other processes may serve values of the data before the commit."""
    while not _replace_stamp():
        time.sleep(BREAKER.RETRY)
    _unconfirmed.clear()
    outage_log.warning("The data stamp is replaced: cached values are served again")


def trusted():
    """False while a commit's stamp is not in the cache."""
    return not _unconfirmed.is_set()


def _pending(connection):
    """The stamps waiting for the commit of `connection`'s transaction, each with the
    savepoints whose rollback would discard it."""
    return [
        (set(sids), func)
        for sids, func, *_robust in connection.run_on_commit
        if not getattr(func, "batch", {"done": True})["done"]
    ]


def data_changed(sender, **kwargs):
    """`rows_changed` receiver: a new stamp when the write's transaction commits, and until
    then a new private token for the transaction. Each savepoint level waits for a stamp of
    its own (a rollback discards it with the write), but the waiting stamps of a transaction
    are one batch: its commit replaces the stamp once, however many rows it wrote."""
    connection = transaction.get_connection()
    level = set(connection.savepoint_ids)
    pending = _pending(connection)
    batch = pending[0][1].batch if pending else {"done": False}
    batch["private"] = uuid.uuid4().hex
    if any(sids == level for sids, _func in pending):
        return

    def committed():
        if not batch["done"]:
            batch["done"] = True
            _committed()

    committed.batch = batch
    transaction.on_commit(committed)


def _key_token():
    """What cached values are keyed by: the stamp's token, and inside a transaction that wrote
    tracked rows a token of its own, new at each write (it sees rows nobody else sees yet,
    until it commits); None when there is no stamp to trust."""
    current = stamp()
    if current is None:
        return None
    pending = _pending(transaction.get_connection())
    return current[0] + (pending[0][1].batch["private"] if pending else "")


def cache_key(kind, *parts, language=None):
    """A key for `parts` as seen in `language` (the active one) today, by this version of the
    code."""
    raw = "\x1f".join(
        str(part)
        for part in (
            *parts,
            language or translation.get_language(),
            timezone.localdate(),
            settings.CODE_VERSION,
        )
    )
    return f"{PREFIX}{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _through_cache(key_parts, compute):
    """`compute()`, kept under `key_parts` and the current stamp; computed afresh (and not
    kept) when there is no stamp to trust."""
    token = _key_token()
    if token is None:
        return compute()
    key = cache_key(*key_parts, token)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _argument(value):
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    return repr(value)


def cached_figures(func):
    """Cache a function of keyword arguments per arguments and viewer scope (its `user`, if
    it takes one) under the data stamp."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def cached(**kwargs):
        arguments = [
            f"{arg}={_argument(value)}" for arg, value in sorted(kwargs.items()) if arg != "user"
        ]
        scope = scope_key(kwargs.get("user"))
        return _through_cache(("figures", name, scope, *arguments), lambda: func(**kwargs))

    return cached


def cached_count(queryset):
    """`queryset.count()`, kept until the next commit: a filtered list is counted again for
    each of its pages, and counting thousands of rows costs more than the page. The key is
    the SQL of the query's rows without their columns and order, which names the filters and
    the viewer's gate (compiling every column's annotation too cost more than counting)."""
    rows = queryset.query.clone()
    rows.clear_ordering(force=True)
    rows.clear_select_clause()
    try:
        sql, params = rows.sql_with_params()
    except EmptyResultSet:
        return 0
    return _through_cache(("count", queryset.db, sql, params), queryset.count)


class CachedCountPaginator(Paginator):
    """Django's paginator, counting through `cached_count`."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)


def data_version(user):
    """The viewer's scope, the data stamp and the code's version, as a string that changes
    with any commit: a version to key cached template fragments by (`{% cache %}`); a new
    one each time while there is no stamp to trust."""
    token = _key_token() or uuid.uuid4().hex
    return ":".join([settings.CODE_VERSION, scope_key(user), token])


# Stands for the request's CSRF token in a cached page; each response gets its own token.
CSRF_MARK = "csrf-token-of-the-request"
# Headers computed per response, never replayed from the cache.
PER_RESPONSE_HEADERS = {"content-length"}


def public_response_key(request):
    """The cache key of a GET only the public can have sent (no token, no session, no
    pending message), or None: such responses are the same for every public client in
    one language. Known before any middleware behind PublicResponseCacheMiddleware runs."""
    if not settings.CACHE_PUBLIC_RESPONSES or request.method != "GET":
        return None
    if request.path_info.startswith(settings.STATIC_URL):
        return None  # WhiteNoise's
    if not is_public_request(request) or CookieStorage.cookie_name in request.COOKIES:
        return None
    # The language LocaleMiddleware will choose: none is active yet.
    language = translation.get_language_from_request(request)
    return cache_key(
        "response", request.scheme, request.get_host(), request.get_full_path(), language=language
    )


class PublicResponseCacheMiddleware:
    """Public 200 responses of views marked by PublicResponseCacheMixin, served from the
    shared cache until the next commit of a tracked write, ahead of the middleware behind it
    (sessions, authentication, CSRF, CSP …): the response is kept as those made it, headers
    included, with a weak ETag hashed once, when it is kept (ConditionalGetMiddleware, before
    it, would hash every hit: each visitor's copy carries a CSRF token of its own). Officials
    (token or session) always get a fresh response.

    A response is kept with the data stamp it was computed under, and served only while that
    is still the current stamp (as the worker keeps it, core.watch, or read from the shared
    cache). Each worker also keeps the last LOCAL_COPIES responses it served: then at most
    the stamp crosses the network; a copy under another stamp is never served, so a commit
    through any host reaches every host's next request all the same. A response that varies
    (`Vary`) on more than the key names is not kept.
    Sits first: what SecurityMiddleware does for a request is in the key (its scheme), and
    static files are WhiteNoise's.
    """

    LOCAL_COPIES = 128

    def __init__(self, get_response):
        self.get_response = get_response
        self.copies = OrderedDict()  # key: (token, content, headers), least recent first
        self.lock = threading.Lock()

    def __call__(self, request):
        try:
            key = public_response_key(request)
        except DisallowedHost:
            key = None  # CommonMiddleware answers it
        token = key and _key_token()
        if not token:
            return self.get_response(request)
        request.public_cache_key = key
        entry = self.copies.get(key)
        if entry is None or entry[0] != token:
            entry = cache.get(key)
        if entry is None or entry[0] != token:
            response = self.get_response(request)
            if response.status_code != 200 or not self._keyable(response):
                return self._personalized(request, response)
            if not response.has_header("ETag"):
                digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
                response["ETag"] = f'W/"{digest}"'
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in PER_RESPONSE_HEADERS
            }
            entry = (token, response.content, headers)
            cache.set(key, entry, TIMEOUT)
            self._keep(key, entry)
            return self._personalized(request, response)
        self._keep(key, entry)
        _token, content, headers = entry
        response = HttpResponse(content, headers={**headers, "Content-Length": len(content)})
        return self._personalized(request, response)

    @staticmethod
    def _keyable(response):
        """Marked for the cache, and varying on nothing but what the key names: the language,
        and a request's cookies (a public request has no session; each copy gets the
        request's own CSRF token)."""
        vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
        return getattr(response, "public_cache", False) and vary <= {"accept-language", "cookie"}

    def _keep(self, key, entry):
        with self.lock:
            self.copies[key] = entry
            self.copies.move_to_end(key)
            while len(self.copies) > self.LOCAL_COPIES:
                self.copies.popitem(last=False)

    def _personalized(self, request, response):
        """The response with this request's CSRF token where a cached page's form has the
        mark (PublicPageCacheMixin), and the CSRF cookie set as CsrfViewMiddleware sets it."""
        if getattr(response, "streaming", False) or CSRF_MARK.encode() not in response.content:
            return response
        csrf = CsrfViewMiddleware(self.get_response)
        csrf.process_request(request)
        response.content = response.content.replace(CSRF_MARK.encode(), get_token(request).encode())
        response["Content-Length"] = len(response.content)
        return csrf.process_response(request, response)


class PublicResponseCacheMixin:
    """A view (Django or DRF) whose public 200 responses PublicResponseCacheMiddleware
    keeps in the shared cache."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response.public_cache = True
        return response


class PublicPageCacheMixin(PublicResponseCacheMixin):
    """A page cached for the public: rendered with a mark where the CSRF token goes (the
    language switcher's form), replaced by each request's own token when it is served."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self.request, "public_cache_key", None) is not None:
            context["csrf_token"] = CSRF_MARK
        return context
