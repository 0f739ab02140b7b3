"""Signed webhooks (DESIGN.md "Sync"): the events other systems subscribe to, sent by a worker.

An event is enqueued when the transaction that caused it commits (`transaction.on_commit`:
a rolled-back approval sends nothing): one WebhookDelivery per active subscription to it,
and a task on the database task queue (django-tasks with its database backend,
`manage.py db_worker`). The worker POSTs the body with

    X-Tracker-Event: report.approved
    X-Tracker-Delivery: <the delivery's id>
    X-Tracker-Signature: sha256=<hex HMAC-SHA256 of the body with the subscription's secret>

and records each attempt (status code, the start of the answer or the error). A non-2xx
answer (or none) is retried after WEBHOOK_RETRY_SECONDS × 2^(attempt − 1), up to
WEBHOOK_MAX_ATTEMPTS attempts. Nothing is ever sent inside the request that caused it.

Events: `report.approved` (a report's approval), `period.published` (each published version
of a month: closing publishes version 1, a late report a revision), `problem.status_changed`
(each step of a problem's workflow), `project.changed` (a project or what its figures are
made of: its change-feed entry; `action` upsert or delete).
"""

import datetime
import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task

from core.models import PeriodVersion
from core.workflow import transitioned
from enterprises.models import Problem
from enterprises.services import PROBLEM_WORKFLOW
from projects.models import ProgressReport

from .models import DeliveryAttempt, DeliveryState, Event, WebhookDelivery, WebhookSubscription

EXCERPT = 2000


def sign(secret, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def emit(event, *payloads):
    """Send `event` with each of `payloads` to its subscribers once the current transaction
    commits (one callback however many: a bulk write of 100,000 projects is one)."""
    if payloads:
        transaction.on_commit(lambda: enqueue(event, payloads))


def enqueue(event, payloads):
    """A delivery per payload and active subscription to `event`, each a task for the worker."""
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(active=True)
        if event in subscription.events
    ]
    for data in payloads if subscriptions else ():
        body = json.dumps(
            {"event": event, "at": timezone.now(), "data": data},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        for subscription in subscriptions:
            delivery = WebhookDelivery.objects.create(
                subscription=subscription, event=event, body=body, next_try=timezone.now()
            )
            deliver.enqueue(delivery.pk)


def backoff(attempts):
    return datetime.timedelta(seconds=settings.WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1))


def post(delivery):
    """One POST: (status code or None, the start of the answer or the error)."""
    body = delivery.body.encode()
    request = urllib.request.Request(
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "key-project-tracker webhooks",
            "X-Tracker-Event": delivery.event,
            "X-Tracker-Delivery": str(delivery.pk),
            "X-Tracker-Signature": sign(delivery.subscription.secret, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, response.read(EXCERPT).decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(EXCERPT).decode(errors="replace")
    except (OSError, ValueError) as exc:  # refused, timed out, unknown host, bad URL
        return None, str(exc)[:EXCERPT]


@task()
def deliver(delivery_id):
    """Attempt one delivery (the worker runs this); on failure, enqueue the next attempt."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state in (DeliveryState.DELIVERED, DeliveryState.FAILED):
            return None
        now = timezone.now()
        status, excerpt = post(delivery)
        DeliveryAttempt.objects.create(
            delivery=delivery, at=now, status_code=status, response_excerpt=excerpt
        )
        delivery.attempts += 1
        delivery.status_code = status
        delivery.response_excerpt = excerpt
        if status is not None and 200 <= status < 300:
            delivery.state, delivery.delivered_at, delivery.next_try = (
                DeliveryState.DELIVERED,
                now,
                None,
            )
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.state, delivery.next_try = DeliveryState.FAILED, None
        else:
            delivery.state = DeliveryState.RETRYING
            delivery.next_try = now + backoff(delivery.attempts)
            next_try = delivery.next_try
            transaction.on_commit(lambda: deliver.using(run_after=next_try).enqueue(delivery_id))
        delivery.save()
        return status


# --- the events -----------------------------------------------------------------------------


def _transitioned(sender, row, step, **kwargs):
    if sender is ProgressReport and step == "approve":
        emit(
            Event.REPORT_APPROVED,
            {
                "id": row.pk,
                "project": row.project.code,
                "district": row.project.district.code,
                "year": row.year,
                "month": row.month,
                "completed_investment": row.completed_investment,
                "is_late": row.is_late,
            },
        )
    elif sender is Problem and PROBLEM_WORKFLOW.get(step).target is not None:
        emit(
            Event.PROBLEM_STATUS_CHANGED,
            {
                "tracking_code": row.tracking_code,
                "district": row.district.code if row.district_id else None,
                "step": step,
                "status": row.status,
            },
        )


def _published(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        emit(
            Event.PERIOD_PUBLISHED,
            {
                "year": instance.period.year,
                "month": instance.period.month,
                "version": instance.number,
                "published_at": instance.published_at,
            },
        )


def projects_changed(changes):
    """`project.changed` for each (code, action) of a recorded change."""
    emit(Event.PROJECT_CHANGED, *({"code": code, "action": action} for code, action in changes))


def connect():
    transitioned.connect(_transitioned, dispatch_uid="sync_webhooks_transitioned")
    post_save.connect(_published, sender=PeriodVersion, dispatch_uid="sync_webhooks_published")
