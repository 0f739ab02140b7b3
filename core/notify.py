"""Reminders to officials (我的提醒) and their channels: the admin inbox, e-mail and a chat
webhook.

`notify()` records a reminder once per key: the inbox shows it at once, and a `Delivery`
per further channel — e-mail when the recipient has an address (through Django's mail
settings), the webhook when `NOTIFY_WEBHOOK_URL` is set — is queued when the transaction
commits and sent by the task worker (`manage.py db_worker`, as sync's webhooks are), never
inside the request: a slow mail relay or chat robot holds a worker, not an official's page.
A failure is recorded on its row (attempts, last error); `queue_unsent()` (each
`send_reminders` run) queues every delivery not sent yet again, so a reminder is neither
lost nor sent twice.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import Channel, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A channel refused or could not take a message."""


def channels_for(user):
    """The channels, besides the inbox, by which `user` is reached."""
    channels = []
    if user.email:
        channels.append(Channel.EMAIL)
    if settings.NOTIFY_WEBHOOK_URL:
        channels.append(Channel.WEBHOOK)
    return channels


# The kinds of reminders as the inbox names its groups, what needs doing first on top:
# reports not filed and reports returned, then the rest.
KINDS = {
    "filing_due": _("Reports to file (催报)"),
    "filing_overdue": _("Reports overdue"),
    "report_returned": _("Reports returned"),
    "problem_overdue": _("Problems past due"),
    "problem_escalated": _("Supervision (督办)"),
    "problem_reopened": _("Problems reopened"),
    "matter_carried_over": _("Matters carried over"),
    "milestone_overdue": _("Milestones past due"),
    "approval_overdue": _("Approvals past due"),
}


def notify(*, key, recipient, kind, title, body="", url="", unit=""):
    """Record the reminder `key` for `recipient`, with a delivery per channel; None when
    that key was recorded before (by this run, an earlier one or a concurrent one)."""
    if Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key,
                recipient=recipient,
                kind=kind,
                unit=unit[:100],
                title=title,
                body=body,
                url=url,
            )
            queue(
                Delivery.objects.bulk_create(
                    Delivery(notification=notification, channel=channel)
                    for channel in channels_for(recipient)
                )
            )
    except IntegrityError:
        return None  # a concurrent run recorded the same key first
    return notification


def absolute(url):
    """A link as the channels outside the site need it (SITE_URL + path)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def message_text(notification):
    """The reminder as plain text: title, recipient, message, link."""
    name = notification.recipient.get_full_name() or notification.recipient.get_username()
    lines = [f"【{notification.title}】{name}", notification.body, absolute(notification.url)]
    return "\n".join(line for line in lines if line)


def send_email(notification):
    send_mail(
        subject=notification.title,
        message=message_text(notification),
        from_email=None,
        recipient_list=[notification.recipient.email],
    )


def webhook_payload(notification):
    """The text message the common government chat robots (政务钉钉, 企业微信 group robots)
    accept: {"msgtype": "text", "text": {"content": …}}."""
    return {"msgtype": "text", "text": {"content": message_text(notification)}}


def send_webhook(notification):
    request = urllib.request.Request(
        settings.NOTIFY_WEBHOOK_URL,
        data=json.dumps(webhook_payload(notification), ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_WEBHOOK_TIMEOUT) as response:
            answer = response.read(10_000)
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(str(exc)) from exc
    # The robots answer 200 with {"errcode": 0} on success, another errcode on refusal.
    try:
        errcode = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0
    if errcode:
        raise DeliveryError(answer.decode(errors="replace"))


SENDERS = {Channel.EMAIL: send_email, Channel.WEBHOOK: send_webhook}


@task()
def send_delivery(delivery_id, attempts=0):
    """Send one delivery (the worker runs this); True when sent, False when it failed, None
    when there was nothing to do: sent already, held by another worker, or attempted since
    it was queued (`attempts`: its count then) — a delivery queued twice is tried once.

    Only the delivery's row is locked (`of`): with the joined notification and user locked
    too, a worker waiting on a slow channel would hold the official's login (last_login) and
    make another worker skip the official's other deliveries."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(pk=delivery_id, attempts=attempts)
            .exclude(status=DeliveryStatus.SENT)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        try:
            SENDERS[delivery.channel](delivery.notification)
        except Exception as exc:  # noqa: BLE001 - any failure of a channel is recorded
            logger.warning(
                "Reminder %s by %s failed: %s", delivery.notification.key, delivery.channel, exc
            )
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = delivery.last_attempt_at
            delivery.last_error = ""
        delivery.save()
        return delivery.status == DeliveryStatus.SENT


def queue(deliveries):
    """Have the worker send `deliveries` once the current transaction commits (nothing if
    it rolls back); how many."""
    waiting = [(delivery.pk, delivery.attempts) for delivery in deliveries]

    def enqueue():
        for pk, attempts in waiting:
            send_delivery.enqueue(pk, attempts)

    if waiting:
        # Robust: the commit stands if the queue cannot be written; queue_unsent() catches up.
        transaction.on_commit(enqueue, robust=True)
    return len(waiting)


def queue_unsent():
    """Queue again every delivery not sent yet: the failed ones, and any whose task was lost
    (a worker killed while sending); how many."""
    unsent = Delivery.objects.exclude(status=DeliveryStatus.SENT).only("pk", "attempts")
    return queue(unsent.order_by("pk"))


def mark_read(notifications):
    """Mark the given (own, unread) notifications read now; how many were."""
    return notifications.unread().update(read_at=timezone.now())
