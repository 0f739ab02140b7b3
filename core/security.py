"""Who is asking, and how often: one definition of a client's address for rate limits and
login lockouts, and the throttles that count in the rate limits' own store."""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import throttling
from rest_framework.throttling import BaseThrottle

# The rate limits' counters: a cache of their own (settings CACHES["limits"]), where no other
# entry can evict them.
limits = ConnectionProxy(caches, "limits")


def client_address(request):
    """The connection's address, or behind NUM_PROXIES proxies the one they forwarded.

    DRF's throttles already read REST_FRAMEWORK["NUM_PROXIES"] this way; django-axes uses the
    same answer, so a lockout behind nginx is per client and not per proxy.
    """
    return BaseThrottle().get_ident(request)


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's, counting in the limits' cache."""

    cache = limits


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's, counting in the limits' cache."""

    cache = limits
