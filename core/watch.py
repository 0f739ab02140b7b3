"""This process's copy of the data stamp (core.cache), kept until a new one is announced.

Reading the stamp is a round trip to the shared cache, and on a cached response it is the
only one: most of the response's time. With Redis, writers announce every new stamp on
CHANNEL (published after it is stored), and each process keeps the stamp it read until the
next announcement reaches its subscription. That is checked on every read by
polling the subscription's socket, without a round trip. Redis sends an announcement in
the same instant it answers the writer, so a write through any host reaches every host's
next request (tests/config/test_scale_out.py, on Redis in CI).

Nothing is kept while the subscription is not confirmed (at start, and again after a
reconnection, when announcements may have been missed), nor after SILENCE seconds without a
word from Redis on it (a connection a firewall dropped without closing it, or an idle
worker): every read then goes to the cache. The subscription is pinged every HEARTBEAT
seconds, and each reply proves that every announcement sent before it has arrived.
With the database cache there are no announcements, and every read is a query, as before.
"""

import os
import threading
import time

from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.client import PubSub
from redis.exceptions import RedisError

CHANNEL = "tracker:stamp-replaced"


class _Subscription(PubSub):
    """A subscription that tells its watch when it reconnects (announcements may be lost)."""

    def __init__(self, watch, **kwargs):
        super().__init__(**kwargs)
        self.watch = watch

    def on_connect(self, connection):
        self.watch.unconfirmed()
        super().on_connect(connection)


class TokenWatch:
    HEARTBEAT = 1.0
    SILENCE = 3.0

    def __init__(self):
        self.lock = threading.RLock()
        self.pid = None
        self.subscription = None
        self.confirmed = False
        self.generation = 0
        self.stamp = None
        self.pinged = self.heard = float("-inf")

    def kept(self):
        """(generation, the stamp kept or None); give the generation back to `keep`."""
        with self.lock:
            if not self._watching():
                return None, None
            return self.generation, self.stamp

    def keep(self, generation, stamp):
        """Keep a stamp read from the cache, unless a new one was announced since `kept`."""
        with self.lock:
            if generation is not None and self._watching() and generation == self.generation:
                self.stamp = stamp

    def forget(self):
        """This process replaced the stamp: forget its copy before the announcement returns."""
        with self.lock:
            self.generation += 1
            self.stamp = None

    def unconfirmed(self):
        with self.lock:
            self.confirmed = False
            self.forget()

    def announce(self):
        """After storing a new stamp: every process forgets its copy."""
        self.forget()
        if isinstance(caches["default"], RedisCache):
            get_redis_connection("default").publish(CHANNEL, b"")

    def _watching(self):
        """Read the announcements that arrived (a poll of the socket); True when the stamp
        kept may be used."""
        if not isinstance(caches["default"], RedisCache):
            return False
        if self.pid != os.getpid():  # a forked worker: its parent's socket is not its own
            self.pid, self.subscription = os.getpid(), None
            self.unconfirmed()
        try:
            if self.subscription is None:
                connection = get_redis_connection("default")
                self.subscription = _Subscription(self, connection_pool=connection.connection_pool)
                self.subscription.subscribe(CHANNEL)
            while (message := self.subscription.get_message(timeout=0)) is not None:
                self.heard = time.monotonic()
                if message["type"] == "pong":
                    continue
                if message["type"] == "subscribe":
                    self.confirmed = True
                self.forget()
            if time.monotonic() - self.pinged >= self.HEARTBEAT:
                self.subscription.ping()
                self.pinged = time.monotonic()
        except RedisError:
            self._drop()
        if time.monotonic() - self.heard > self.SILENCE:
            self.forget()
            return False
        return self.confirmed

    def _drop(self):
        subscription, self.subscription = self.subscription, None
        self.unconfirmed()
        if subscription is not None:
            try:
                subscription.close()
            except RedisError:
                pass


WATCH = TokenWatch()
