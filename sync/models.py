"""The change feed (DESIGN.md "Sync") and the webhook subscriptions with their deliveries."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CurrentTransaction(models.Func):
    """The writing transaction's id on PostgreSQL (0 elsewhere): the feed hands out a change
    only once every transaction older than it has ended (sync.changes)."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        return "0", []

    def as_postgresql(self, compiler, connection, **extra):
        return "(pg_current_xact_id()::text::bigint)", []


class Action(models.TextChoices):
    UPSERT = "upsert", _("Created or changed")
    DELETE = "delete", _("Deleted or unpublished")


class ChangeLog(models.Model):
    """The newest change of one public resource (`type`, `key`: its stable code). A resource
    has one row: a new change replaces the row with one of a higher `seq`. `public` is
    whether the public ever saw the resource (its unpublishing is then a tombstone the
    public gets); `district` the id of the unit whose officials see it."""

    seq = models.BigAutoField(primary_key=True)
    txid = models.BigIntegerField(db_default=CurrentTransaction(), editable=False)
    type = models.CharField(_("type"), max_length=30)
    key = models.CharField(_("key"), max_length=100)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    public = models.BooleanField(_("public"), default=False)
    district = models.BigIntegerField(_("district"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["txid", "seq"]
        indexes = [
            models.Index(fields=["txid", "seq"], name="changelog_order"),
            models.Index(fields=["type", "key"], name="changelog_resource"),
        ]

    def __str__(self):
        return f"{self.seq} {self.type} {self.key} {self.action}"


class Event(models.TextChoices):
    REPORT_APPROVED = "report.approved", _("Monthly report approved")
    PERIOD_PUBLISHED = "period.published", _("Month published")
    PROBLEM_STATUS_CHANGED = "problem.status_changed", _("Problem status changed")
    PROJECT_CHANGED = "project.changed", _("Project changed")


def new_secret():
    return secrets.token_hex(32)


class WebhookSubscription(models.Model):
    """Another system's URL that is sent the events it chose, each POST signed with the
    secret (X-Tracker-Signature: sha256=<HMAC-SHA256 of the body>)."""

    name = models.CharField(_("client system"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        default=new_secret,
        help_text=_("The receiver checks each body's signature with it."),
    )
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} · {self.url}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Failed, to be retried")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed, given up")


class WebhookDelivery(models.Model):
    """One event for one subscription: its body (sent unchanged on every attempt), each
    attempt's outcome and when the next is due."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    body = models.TextField(_("body"))
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    next_try = models.DateTimeField(_("next try"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.event} → {self.subscription}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery: when, the status code (null when no answer) and the start of
    the answer or the error."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempt_log",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.delivery} · {self.at:%Y-%m-%d %H:%M:%S} · {self.status_code}"
