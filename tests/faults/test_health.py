"""GET /healthz and /metrics (core.health): how the parts are, never from the cache, for
anyone; Prometheus's metrics only for the addresses in METRICS_ALLOWED_IPS."""

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_redis.cache import RedisCache

pytestmark = pytest.mark.django_db


def health(client=None, **headers):
    response = (client or Client()).get("/healthz", **headers)
    return response.status_code, response.json(), response


def test_all_well():
    status, body, response = health()
    assert (status, body) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    assert "no-store" in response["Cache-Control"]


def test_answered_for_any_host_and_never_from_the_cache():
    # A load balancer probes by address; a probe answered from the cache would prove nothing.
    assert health(HTTP_HOST="10.0.0.11:8001")[0] == 200
    for _probe in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert health()[0] == 200
        assert "SELECT 1" in [query["sql"] for query in queries]


def test_redis_down_is_degraded_not_down(on_redis):
    assert health()[1] == {"status": "ok", "database": "ok", "cache": "ok"}
    on_redis.stop()
    status, body, _response = health()
    assert (status, body) == (200, {"status": "degraded", "database": "ok", "cache": "down"})


def test_the_database_down_is_a_503(monkeypatch):
    def unreachable(self, *args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        status, body, _response = health(Client(raise_request_exception=False))
    assert status == 503
    # The database's cache is down with it; Redis is not.
    cache = "ok" if isinstance(caches["default"], RedisCache) else "down"
    assert body == {"status": "down", "database": "down", "cache": cache}


def test_a_cache_that_keeps_nothing_is_off(uncached):
    assert health()[1] == {"status": "ok", "database": "ok", "cache": "off"}


def test_metrics_for_the_allowed_addresses_only(settings):
    Client().get("/api/v1/projects/")
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "django_http_responses_total_by_status_total" in text
    refused = Client(REMOTE_ADDR="10.1.2.3", HTTP_ACCEPT_LANGUAGE="zh-hans").get("/metrics")
    assert refused.status_code == 403
    assert refused.content.decode() == "监控指标仅向获准读取的地址提供。"
    # Behind a proxy, the address it forwards, not the proxy's own.
    behind = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert Client(**behind).get("/metrics").status_code == 403

    settings.METRICS_ALLOWED_IPS = ["10.1.2.0/24"]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403
