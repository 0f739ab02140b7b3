"""`GET /healthz` and `GET /metrics`, for the operator's probes and Prometheus.

Both are answered first, ahead of every other middleware (the public response cache,
sessions, the host check): a probe learns how the parts are, and is never answered from
the cache nor refused because another part is down.

/healthz, no login, never cached: `{"status": "ok"|"degraded"|"down", "database":
"ok"|"down", "cache": "ok"|"down"|"off"}`, 200 unless the database is down (503). "cache"
is the shared cache the pages are kept in: Redis (REDIS_URL) answering a PING, or without
it the database's cache table answering a read; "off" for a cache that keeps nothing (the
dummy backend). A cache down is "degraded": every page still answers, uncached.

/metrics: Prometheus's text format (django-prometheus: requests, responses by status and
view, latencies), only for client addresses in METRICS_ALLOWED_IPS (addresses or
networks; the address as the rate limits see it, behind NUM_PROXIES proxies), 403 for
others.
"""

from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connection
from django.http import HttpResponseForbidden, HttpResponseNotAllowed, JsonResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django_prometheus.exports import ExportToDjangoView
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

from .security import client_address

PROBE_KEY = "tracker:healthz"


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


def cache_state():
    backend = caches["default"]
    if isinstance(backend, DummyCache):
        return "off"
    try:
        if isinstance(backend, RedisCache):
            get_redis_connection("default").ping()
        else:
            backend.get(PROBE_KEY)
    except (RedisError, DatabaseError):
        return "down"
    return "ok"


def health():
    parts = {"database": database_state(), "cache": cache_state()}
    if parts["database"] == "down":
        status = "down"
    elif parts["cache"] == "down":
        status = "degraded"
    else:
        status = "ok"
    response = JsonResponse({"status": status, **parts}, status=503 if status == "down" else 200)
    add_never_cache_headers(response)
    return response


def metrics_allowed(request, networks):
    try:
        address = ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in networks)


class HealthMiddleware:
    """Answers /healthz and /metrics (see the module's doc); passes every other request on."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.metrics_networks = [
            ip_network(entry.strip(), strict=False)
            for entry in settings.METRICS_ALLOWED_IPS
            if entry.strip()
        ]

    def __call__(self, request):
        if request.path_info not in ("/healthz", "/metrics"):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if request.path_info == "/healthz":
            return health()
        if not metrics_allowed(request, self.metrics_networks):
            with translation.override(translation.get_language_from_request(request)):
                message = gettext("Metrics are served only to the addresses allowed to read them.")
            return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")
        return ExportToDjangoView(request)
