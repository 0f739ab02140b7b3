"""When a part fails: Redis skipped while it does not answer, and each outage (Redis's, the
database's) logged once a minute rather than once a request. The database's absence is a 503
(core.middleware.server_error).

Imported by the settings (CACHES' pool class, LOGGING's filter): no models here.
"""

import logging
import threading
import time

from django.db.utils import InterfaceError, OperationalError
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)


class Breaker:
    """After Redis failed to answer (refused, reset, or silent past the 250 ms socket
    timeout), this process does not try it again for RETRY seconds: every cache call fails at
    once, which the cache treats as a miss. A paused Redis then costs a worker one timeout
    per RETRY seconds, not one per call (a request makes several)."""

    RETRY = 1.0

    def __init__(self):
        self.until = 0.0
        self.since = None  # when the outage began, as this process saw it

    def check(self):
        if time.monotonic() < self.until:
            raise ConnectionError("Redis failed moments ago: not asked again yet")

    def trip(self):
        now = time.monotonic()
        self.until = now + self.RETRY
        if self.since is None:
            self.since = now

    def answered(self):
        if self.since is not None:
            since, self.since = self.since, None
            logger.warning(
                "Redis answers again after %.1f s: caching resumes", time.monotonic() - since
            )


BREAKER = Breaker()


class _Guarded:
    """A Redis connection that asks the breaker first and trips it when Redis fails."""

    def connect_check_health(self, *args, **kwargs):
        BREAKER.check()
        try:
            return super().connect_check_health(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            BREAKER.trip()
            raise

    def send_packed_command(self, *args, **kwargs):
        BREAKER.check()
        try:
            return super().send_packed_command(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            BREAKER.trip()
            raise

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            BREAKER.trip()
            raise
        BREAKER.answered()
        return response


_guarded_classes = {}


class GuardedConnectionPool(ConnectionPool):
    """django-redis's CONNECTION_POOL_CLASS: redis-py's pool, of guarded connections (TCP,
    TLS or a Unix socket, as the URL says)."""

    def __init__(self, connection_class=Connection, **kwargs):
        if connection_class not in _guarded_classes:
            _guarded_classes[connection_class] = type(
                f"Guarded{connection_class.__name__}", (_Guarded, connection_class), {}
            )
        super().__init__(connection_class=_guarded_classes[connection_class], **kwargs)


class OncePerMinute(logging.Filter):
    """One record a minute (per process) of each outage: the cache's (the records of this
    module's logger, django-redis's ignored exceptions included) and the database's (a
    request that failed for want of it, a 503); the next one that passes says how many
    were held back. Every other record passes."""

    INTERVAL = 60.0

    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()
        self.last = {}
        self.held = {}

    def filter(self, record):
        key = self._outage(record)
        if key is None:
            return True
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(key, -self.INTERVAL) < self.INTERVAL:
                self.held[key] = self.held.get(key, 0) + 1
                return False
            self.last[key] = now
            held = self.held.pop(key, 0)
        if held:
            record.msg = f"{record.msg} [{held} more like it in the last minute not logged]"
        return True

    @staticmethod
    def _outage(record):
        if record.name == __name__:
            return ("cache", str(record.msg))
        if record.exc_info and isinstance(record.exc_info[1], (OperationalError, InterfaceError)):
            return ("database",)
        if record.name == "django.request" and getattr(record, "status_code", None) == 503:
            return ("database",)  # /healthz, or a 503 above
        return None
