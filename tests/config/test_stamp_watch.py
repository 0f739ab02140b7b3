"""The data stamp kept by a process until Redis announces a new one (core.watch): another
process's commit is read at once, also when the announcement was lost to a broken
subscription; without an announcement the kept stamp is used, with no round trip.
CI runs this module with REDIS_URL (its Redis step); without Redis there is nothing kept."""

import os
import time
import uuid

import pytest
from django.core.cache import cache
from django_redis import get_redis_connection
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError
from redis.retry import Retry

from core.cache import STAMP_KEY, data_changed, stamp
from core.watch import CHANNEL, WATCH
from projects.models import Project

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="announcements need Redis"),
]


@pytest.fixture(autouse=True)
def heartbeat_on_every_read(monkeypatch):
    """Each read pings the subscription: Redis always has a reply on its way, so
    `delivered()` does not wait for a message that is not coming."""
    monkeypatch.setattr(WATCH, "HEARTBEAT", 0)


def delivered():
    """Wait until what Redis sent this process's subscription can be read (or its end)."""
    try:
        WATCH.subscription.connection.can_read(timeout=2)
    except ConnectionError:
        pass


def written_by_another_process(announce=True):
    """What another host's commit does: a new stamp stored, then announced; this process's
    own copy is not touched."""
    token = (uuid.uuid4().hex, int(time.time()))
    cache.set(STAMP_KEY, token, timeout=None)
    if announce:
        get_redis_connection("default").publish(CHANNEL, b"")
        delivered()
    return token


def kept_token():
    """The stamp as this process reads it, once its subscription is confirmed."""
    stamp()
    delivered()
    return stamp()


def test_the_stamp_is_kept_until_a_new_one_is_announced():
    first = kept_token()
    quiet = written_by_another_process(announce=False)
    assert stamp() == first, "kept: read without a round trip"

    announced = written_by_another_process()
    assert stamp() == announced != quiet


def test_a_commit_of_this_process_is_read_at_once(django_capture_on_commit_callbacks):
    before = kept_token()
    with django_capture_on_commit_callbacks(execute=True):
        data_changed(sender=Project)
        data_changed(sender=Project)
    after = stamp()
    assert after[0] != before[0] and after[1] > before[1]


def test_an_announcement_lost_to_a_broken_subscription_is_not_missed():
    kept = kept_token()
    get_redis_connection("default").client_kill_filter(_type="pubsub")
    delivered()  # the connection's end
    written = written_by_another_process(announce=False)  # its announcement: lost
    assert stamp() == written != kept

    # Subscribed again: the stamp is kept again, and announcements reach this process.
    assert kept_token() == written
    written_by_another_process(announce=False)
    assert stamp() == written
    announced = written_by_another_process()
    assert stamp() == announced


def test_nothing_is_kept_before_the_subscription_is_confirmed():
    WATCH._drop()
    stored = written_by_another_process(announce=False)
    assert stamp() == stored


def test_a_subscription_the_client_reconnects_by_itself_keeps_nothing_it_may_have_missed():
    """With a retry policy, redis-py reconnects and subscribes again inside a read: the
    announcements sent in between are lost, so what was kept is forgotten."""
    kept = kept_token()
    WATCH.subscription.connection.retry = Retry(NoBackoff(), retries=2)
    get_redis_connection("default").client_kill_filter(_type="pubsub")
    delivered()
    written = written_by_another_process(announce=False)
    assert stamp() == written != kept


def test_after_a_silence_from_redis_nothing_kept_is_trusted(monkeypatch):
    """A subscription that died without closing (a firewall dropping an idle connection)
    delivers nothing: past SILENCE without a word from Redis, the stamp is read again, until
    a reply to the heartbeat proves that the announcements arrive."""
    kept = kept_token()
    monkeypatch.setattr(WATCH, "SILENCE", 0.2)
    monkeypatch.setattr(WATCH, "HEARTBEAT", 60)  # no ping: nothing comes back
    delivered()
    assert stamp() == kept  # the last reply read
    time.sleep(0.3)
    written = written_by_another_process(announce=False)  # as if its announcement was lost
    assert stamp() == written != kept

    monkeypatch.setattr(WATCH, "HEARTBEAT", 0)
    assert kept_token() == written  # a reply came: kept again
    written_by_another_process(announce=False)
    assert stamp() == written
