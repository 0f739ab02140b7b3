"""Who is asking: one definition of a client's address for rate limits and login lockouts."""

from rest_framework.throttling import BaseThrottle


def client_address(request):
    """The connection's address, or behind NUM_PROXIES proxies the one they forwarded.

    DRF's throttles already read REST_FRAMEWORK["NUM_PROXIES"] this way; django-axes uses the
    same answer, so a lockout behind nginx is per client and not per proxy.
    """
    return BaseThrottle().get_ident(request)
