"""A throwaway redis-server for the tests of this folder, whatever cache the run uses: they
stop it, pause it and start it again (tests.servers.RedisServer)."""

import pytest
from django.core.cache import cache

import core.cache
from config.settings import redis_cache
from core.outage import BREAKER
from core.watch import WATCH
from tests.servers import redis_server


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis") / "redis.log") as server:
        yield server


def _forget_redis_state():
    """This process's view of Redis starts afresh: no failure remembered, no subscription
    to another server, no unconfirmed tokens."""
    WATCH._drop()
    BREAKER.until, BREAKER.since = 0.0, None
    core.cache._unconfirmed.clear()


@pytest.fixture
def on_redis(redis, settings, db):
    """The shared cache is the throwaway Redis (running, empty) for this test; it is running
    and answering again after it."""
    if not redis.running:
        redis.start()
    settings.CACHES = {**settings.CACHES, "default": redis_cache(redis.url)}
    _forget_redis_state()
    cache.clear()
    yield redis
    redis.resume()
    if not redis.running:
        redis.start()
    _forget_redis_state()
