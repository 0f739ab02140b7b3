"""Signed webhooks (DESIGN.md "Sync") against a real HTTP receiver (http.server on
127.0.0.1), sent by the real worker (`manage.py db_worker --batch`: a subprocess on
PostgreSQL; in this process on SQLite, whose test database lives in memory): nothing is sent
inside the request that caused it; the signature verifies; a 500 is retried after the backoff
and then a 200 delivers; each attempt is recorded; a rolled-back change sends nothing; each
delivery gives up after the last attempt. (Which event each cause enqueues:
test_webhook_events.py.)
"""

import datetime
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from core.models import PeriodStatus, ReportingPeriod
from core.services import period_close
from sync.models import DeliveryState, Event, WebhookDelivery, WebhookSubscription
from sync.webhooks import backoff, deliver, sign
from tests.factories import UserFactory
from tests.servers import run_worker

SECRET = "receiver-shared-secret"


class Receiver:
    """An HTTP server on 127.0.0.1 answering POSTs with the next of `codes` (then 200),
    keeping what it received."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body, time.monotonic()))
                code = receiver.codes.pop(0) if receiver.codes else 200
                answer = b"oops" if code >= 400 else b"thanks"
                self.send_response(code)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(codes=()):
        made.append(Receiver(codes))
        return made[-1]

    yield make
    for server in made:
        server.close()


@pytest.mark.django_db(transaction=True)
def test_signed_retried_and_recorded_by_the_worker(receiver):
    hook = receiver(codes=[500])
    subscription = WebhookSubscription.objects.create(
        name="省平台", url=hook.url, secret=SECRET, events=[Event.PERIOD_PUBLISHED]
    )
    WebhookSubscription.objects.create(name="别的", url=hook.url, events=[Event.REPORT_APPROVED])
    period = ReportingPeriod.objects.create(year=2023, month=1, status=PeriodStatus.OPEN)
    period_close(period=period, user=UserFactory(is_superuser=True))

    # The request that published the month sent nothing: one delivery waits for the worker.
    [delivery] = WebhookDelivery.objects.all()
    assert (delivery.subscription, delivery.state, delivery.attempts) == (
        subscription,
        DeliveryState.PENDING,
        0,
    )
    assert hook.received == []

    run_worker(WEBHOOK_RETRY_SECONDS=1)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.status_code) == (
        DeliveryState.RETRYING,
        1,
        500,
    )
    assert delivery.response_excerpt == "oops"
    first_attempt = delivery.attempt_log.get()
    assert delivery.next_try == first_attempt.at + datetime.timedelta(seconds=1)
    assert len(hook.received) == 1

    run_worker(WEBHOOK_RETRY_SECONDS=1)  # not due yet: nothing is sent
    assert len(hook.received) == 1 or hook.received[1][2] - hook.received[0][2] >= 1
    time.sleep(max(0, (delivery.next_try - first_attempt.at).total_seconds()) + 0.2)
    run_worker(WEBHOOK_RETRY_SECONDS=1)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.status_code) == (
        DeliveryState.DELIVERED,
        2,
        200,
    )
    assert [(a.status_code, a.response_excerpt) for a in delivery.attempt_log.all()] == [
        (500, "oops"),
        (200, "thanks"),
    ]
    assert len(hook.received) == 2
    (headers, body, sent), (headers2, body2, sent2) = hook.received
    assert sent2 - sent >= 1  # the backoff
    assert body == body2 and headers["X-Tracker-Delivery"] == headers2["X-Tracker-Delivery"]
    assert headers["X-Tracker-Event"] == "period.published"
    assert headers["X-Tracker-Delivery"] == str(delivery.pk)
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Tracker-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "period.published"
    assert {k: payload["data"][k] for k in ("year", "month", "version")} == {
        "year": 2023,
        "month": 1,
        "version": 1,
    }


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(receiver):
    hook = receiver()
    WebhookSubscription.objects.create(name="省平台", url=hook.url, events=[Event.PERIOD_PUBLISHED])
    period = ReportingPeriod.objects.create(year=2023, month=2, status=PeriodStatus.OPEN)
    with pytest.raises(RuntimeError), transaction.atomic():
        period_close(period=period, user=UserFactory(is_superuser=True))
        raise RuntimeError("the request failed after publishing")
    assert not WebhookDelivery.objects.exists()


def test_gives_up_after_the_last_attempt(db, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    hook = receiver(codes=[503, 503, 503])
    subscription = WebhookSubscription.objects.create(
        name="x", url=hook.url, secret=SECRET, events=[Event.PROJECT_CHANGED]
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="project.changed", body="{}"
    )
    deliver.call(delivery.pk)
    deliver.call(delivery.pk)
    deliver.call(delivery.pk)  # given up: not sent again
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.next_try) == (DeliveryState.FAILED, 2, None)
    assert len(hook.received) == 2


def test_an_unreachable_receiver_is_recorded(db, settings):
    subscription = WebhookSubscription.objects.create(
        name="x", url="http://127.0.0.1:9/closed", events=[Event.PROJECT_CHANGED]
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="project.changed", body="{}"
    )
    deliver.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING and delivery.status_code is None
    assert delivery.response_excerpt  # the error


def test_backoff_doubles(settings):
    settings.WEBHOOK_RETRY_SECONDS = 60
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert sign("k", b"{}") == "sha256=" + hmac.new(b"k", b"{}", hashlib.sha256).hexdigest()
