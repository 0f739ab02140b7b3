"""Figures and public responses kept in the shared cache, under keys no write can leave stale.

The cache is Django's (`django.core.cache.cache`: Redis or the database, one store for every
worker and host). Each tracked model (core.tracking) has a version token in it, replaced by a
fresh random token on every write to one of its rows, and the token `ANY` on a write to any.
A cached value's key names the tokens of the models it was computed from, with the viewer's
scope (core.scoping.scope_key), the language and the day: after a write, every value
computed from the model written is out of reach at once, on every worker, and the next
request computes it again from the database. Nothing is deleted and nothing expires early.

Tokens are replaced twice: at the write, and when its transaction commits — a value computed
in between from the data before the write is then out of reach too. They are random, not
counters, so a token lost from the cache (eviction, a restart) is never issued again for
older values.

A cache that fails (Redis stopped, or silent: core.outage) is a miss: its errors are ignored
(django-redis's IGNORE_EXCEPTIONS), and a token that cannot be read is a new random one. A
write still commits when its tokens cannot be replaced, but then the values under the old
tokens, still in a Redis that comes back, are stale: this process serves nothing cached
(`trusted`) until the cache has stored new tokens for every model it wrote and they are
announced, asked again on each request and every second by a thread of its own.
"""

import functools
import hashlib
import logging
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
from django.utils.functional import cached_property
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .outage import BREAKER
from .scoping import is_public_request, scope_key
from .watch import WATCH

outage_log = logging.getLogger("core.outage")

PREFIX = "tracker:"
ANY = "*"
# Keys name the day, so a value is never wanted for longer.
TIMEOUT = 24 * 3600


def _version_key(label):
    return f"{PREFIX}version:{label}"


def versions(labels):
    """The current token of each model label: as kept by this process (core.watch), else
    read in one round trip (a missing token is created); new random ones, which nothing
    cached is under, while this process's own tokens are unconfirmed."""
    if not trusted():
        return [uuid.uuid4().hex for _label in labels]
    generation, found = WATCH.kept(labels)
    missing = {_version_key(label): label for label in labels if label not in found}
    if missing:
        # A copy: django-redis answers a failed read with one dict, the same every time.
        stored = dict(cache.get_many(list(missing)))
        for key, label in missing.items():
            if key not in stored:
                token = uuid.uuid4().hex
                cache.add(key, token, timeout=None)
                # Another process may have added one first; a cache that keeps nothing (the
                # dummy backend) has none, and then every key is new anyway.
                stored[key] = cache.get(key) or token
            found[label] = stored[key]
        WATCH.keep(generation, {label: found[label] for label in missing.values()})
    return [found[label] for label in labels]


# Models whose new tokens the cache did not store (or announce): see the module's doc.
_unconfirmed = set()
_unconfirmed_lock = threading.Lock()
# Other entries a write replaces (the API's data stamp): deleted with the unconfirmed tokens'
# replacement, as a write that could not reach the cache may have left them stale.
DROPPED_WHEN_CONFIRMED = set()
CACHE_ERRORS = (ConnectionInterrupted, RedisError)


def strict_cache():
    """The shared cache, raising its errors: Redis's client (the cache ignores them) or the
    database's cache."""
    backend = caches["default"]
    return backend.client if isinstance(backend, RedisCache) else backend


def _replace_tokens(labels, *, announce):
    """New tokens for `labels` and for any still unconfirmed, stored and announced (or, when
    `announce` is false and none was unconfirmed, only forgotten here); False when the cache
    failed, and then they are unconfirmed."""
    with _unconfirmed_lock:
        retried = bool(_unconfirmed)
        labels = _unconfirmed | set(labels)
        try:
            strict_cache().set_many(
                {_version_key(label): uuid.uuid4().hex for label in labels}, timeout=None
            )
            if retried:
                strict_cache().delete_many(list(DROPPED_WHEN_CONFIRMED))
            if announce or retried:
                WATCH.announce()
            else:
                WATCH.forget()
        except CACHE_ERRORS:
            _distrust(labels)
            return False
        _unconfirmed.clear()
    if retried:
        outage_log.warning("Tokens of written models replaced: cached values are served again")
    return True


def _distrust(labels):
    WATCH.forget()
    first = not _unconfirmed
    _unconfirmed.update(labels)
    if first:
        threading.Thread(target=_confirm_tokens, name="cache-tokens", daemon=True).start()
    outage_log.error(
        "Tokens of written models not replaced in the cache: no cached value is served by "
        "this process until they are"
    )


def distrust():
    """A write could not replace an entry of its own (the data stamp): as for its tokens."""
    with _unconfirmed_lock:
        _distrust({ANY})


def _confirm_tokens():
    """Ask the cache again every second until it stores the unconfirmed tokens, also when
    this process gets no request: until then other processes may serve stale values."""
    while _unconfirmed:
        time.sleep(BREAKER.RETRY)
        try:
            _replace_tokens((), announce=True)
        except Exception:  # noqa: BLE001 - the database's cache, with the database down
            pass


def trusted():
    """True unless tokens this process replaced are unconfirmed (after trying them again)."""
    return not _unconfirmed or _replace_tokens((), announce=True)


def data_changed(sender, **kwargs):
    """`rows_changed` receiver: new tokens for the model written and for ANY, now and at commit.

    Only the commit is announced to the other processes (core.watch): until then they cannot
    see the write, and the values they keep are those of the data they see."""
    labels = (sender._meta.label, ANY)
    _replace_tokens(labels, announce=False)
    transaction.on_commit(lambda: _replace_tokens(labels, announce=True))


def cache_key(kind, *parts):
    """A key for `parts` as seen in the active language today, by this version of the code.

    The version tokens are not: a write through a host still running the previous version
    during an upgrade must reach the values of the new one too."""
    raw = "\x1f".join(
        str(part)
        for part in (
            *parts,
            translation.get_language(),
            timezone.localdate(),
            settings.CODE_VERSION,
        )
    )
    return f"{PREFIX}{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _argument(value):
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    return repr(value)


def cached_figures(*sources):
    """Cache a function of keyword arguments per arguments, viewer scope (its `user`, if it
    takes one) and the tokens of `sources`: every model whose rows it reads, as a class or,
    for a model of a later layer, as its label ("app.Model")."""
    labels = sorted(source if isinstance(source, str) else source._meta.label for source in sources)

    def decorate(func):
        name = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def cached(**kwargs):
            scope = scope_key(kwargs.get("user"))
            arguments = [
                f"{arg}={_argument(value)}"
                for arg, value in sorted(kwargs.items())
                if arg != "user"
            ]
            key = cache_key("figures", name, scope, *arguments, *versions(labels))
            figures = cache.get(key)
            if figures is None:
                figures = func(**kwargs)
                cache.set(key, figures, TIMEOUT)
            return figures

        return cached

    return decorate


def cached_count(queryset):
    """`queryset.count()`, kept until any tracked write: a filtered list is counted again
    for each of its pages, and counting thousands of rows costs more than the page. The
    key is the SQL of the query's rows without their columns and order, which names the
    filters and the viewer's gate (compiling every column's annotation too cost more than
    counting)."""
    rows = queryset.query.clone()
    rows.clear_ordering(force=True)
    rows.clear_select_clause()
    try:
        sql, params = rows.sql_with_params()
    except EmptyResultSet:
        return 0
    key = cache_key("count", queryset.db, sql, params, *versions([ANY]))
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, TIMEOUT)
    return count


class CachedCountPaginator(Paginator):
    """Django's paginator, counting through `cached_count`."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)


def data_version(user, *sources):
    """The viewer's scope, the tokens of `sources` and the code's version, as a string that
    changes with any write to them: a version to key cached template fragments by
    (`{% cache %}`)."""
    labels = sorted(model._meta.label for model in sources)
    return ":".join([settings.CODE_VERSION, scope_key(user), *versions(labels)])


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
    with translation.override(translation.get_language_from_request(request)):
        return cache_key("response", request.scheme, request.get_host(), request.get_full_path())


class PublicResponseCacheMiddleware:
    """Public 200 responses of views marked by PublicResponseCacheMixin, served from the
    shared cache until any tracked write, ahead of the middleware behind it (sessions,
    authentication, CSRF, CSP …): the response is kept as those made it, headers included.
    Officials (token or session) always get a fresh response.

    A response is kept with the token of ANY it was computed under, and served only while
    that is still the current token (read from the shared cache, or with Redis as kept by
    the worker until a write is announced: core.watch). Each worker also keeps the last
    LOCAL_COPIES responses it served: then at most the token crosses the network; a copy
    under another token is never served, so a write through any host reaches every host's
    next request all the same.
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
        if key is None or not trusted():
            return self.get_response(request)
        request.public_cache_key = key
        copy = self.copies.get(key)
        generation, kept = WATCH.kept([ANY])
        if ANY in kept or copy is not None:
            token = kept.get(ANY) or versions([ANY])[0]
            entry = copy if copy is not None and copy[0] == token else cache.get(key)
        else:  # the token and the response in one round trip
            token_key = _version_key(ANY)
            found = cache.get_many([token_key, key])
            token = found.get(token_key) or versions([ANY])[0]
            WATCH.keep(generation, {ANY: token})
            entry = found.get(key)
        if entry is None or entry[0] != token:
            response = self.get_response(request)
            if response.status_code != 200 or not getattr(response, "public_cache", False):
                return self._personalized(request, response)
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
