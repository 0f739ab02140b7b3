"""Reminders to officials (我的提醒) and their channels: the admin inbox, e-mail and a chat
webhook.

`notify()` records a reminder once per key: the inbox shows it at once, and a `Delivery`
per further channel waits to be sent — e-mail when the recipient has an address (through
Django's mail settings), the webhook when `NOTIFY_WEBHOOK_URL` is set. `deliver_pending()`
sends every delivery not sent yet; a failure is recorded on its row (attempts, last error)
and tried again by the next run, so a reminder is neither lost nor sent twice.
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
            Delivery.objects.bulk_create(
                Delivery(notification=notification, channel=channel)
                for channel in channels_for(recipient)
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


def _attempt(delivery_pk):
    """Send one delivery unless another run holds it or has sent it; True when sent.

    Only the delivery's row is locked (`of`): with the joined notification and user locked
    too, a run waiting on a slow channel would hold the official's login (last_login) and
    make a parallel run skip the official's other deliveries."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(pk=delivery_pk)
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


def deliver(notifications):
    """Send now the deliveries of the given notifications (a button's reminders): (sent,
    failed)."""
    sent = failed = 0
    pending = Delivery.objects.filter(notification__in=notifications).exclude(
        status=DeliveryStatus.SENT
    )
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        outcome = _attempt(pk)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def deliver_pending():
    """Send every delivery not sent yet (new ones and earlier failures): (sent, failed)."""
    sent = failed = 0
    pending = Delivery.objects.exclude(status=DeliveryStatus.SENT).order_by("pk")
    for pk in pending.values_list("pk", flat=True):
        outcome = _attempt(pk)
        if outcome is True:
            sent += 1
        elif outcome is False:
            failed += 1
    return sent, failed


def mark_read(notifications):
    """Mark the given (own, unread) notifications read now; how many were."""
    return notifications.unread().update(read_at=timezone.now())
