"""The framework's own records: the reporting cycle (填报周期), the one clock every figure is
read against; the API tokens other systems authenticate with; and the reminders officials
receive (我的提醒) with their deliveries."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from knox.models import AbstractAuthToken

from .tracking import TrackedQuerySet

MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class PeriodStatus(models.TextChoices):
    # In their own context: a closed month is not a closed (销号) problem.
    OPEN = "open", pgettext_lazy("reporting period", "Open")
    CLOSED = "closed", pgettext_lazy("reporting period", "Closed")


class ReportingPeriodQuerySet(TrackedQuerySet):
    def closed(self):
        return self.filter(status=PeriodStatus.CLOSED)

    def open(self):
        return self.filter(status=PeriodStatus.OPEN)


def default_deadline(year, month):
    """The deadline of a month's reporting: REPORTING_DEADLINE_DAY of the next month."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.date(year, month, settings.REPORTING_DEADLINE_DAY)


class ReportingPeriod(models.Model):
    """One month's reporting: opened for reporters, due by a deadline, closed by the city.

    The newest closed period is "now" for every figure, page, API response and light
    (DESIGN.md "Glossary": 填报周期); a report for a closed period is a late one (补报).
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    deadline = models.DateField(_("deadline"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month"],
                name="reporting_period_one_per_month",
                violation_error_message=_("This month already has a reporting period."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="reporting_period_month_range",
                violation_error_message=_("The month must be between 1 and 12."),
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"

    def save(self, *args, **kwargs):
        if self.deadline is None:
            self.deadline = default_deadline(self.year, self.month)
        super().save(*args, **kwargs)

    @property
    def is_closed(self):
        return self.status == PeriodStatus.CLOSED


class PeriodVersion(models.Model):
    """One published version of a closed month's figures (DESIGN.md "Published months").

    Closing a period publishes version 1; each later version is a revision caused by late
    reports (补报), recorded with every figure it changed. A version is written once and
    never changed: every face that shows the month reads it (stats.published).
    `figures` holds the month's figure groups per scope and unit; `changes` the revision's
    `{"public": [...], "all": [...]}` changed figures; `reports` the ids of the reports
    that caused it.
    """

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder, default=dict)
    changes = models.JSONField(_("changes"), encoder=DjangoJSONEncoder, default=dict)
    reports = models.JSONField(_("reports"), default=list)

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "number"],
                name="period_version_unique",
                violation_error_message=_("This version of the month is already published."),
            ),
        ]

    def __str__(self):
        return f"{self.period} v{self.number}"

    def __repr__(self):
        # Cached figures are keyed by their arguments' repr: name this very publication.
        return f"<PeriodVersion {self.pk} {self} {self.published_at.isoformat()}>"


class ApiToken(AbstractAuthToken):
    """A key another government system sends as `Authorization: Token <key>`.

    It acts as its user (sees and changes what the user may). Only a hash of the key is
    stored (django-rest-knox); the key is shown once, when `create_api_token` makes it.
    """

    name = models.CharField(
        _("client system"), max_length=100, help_text=_("The system that uses this token.")
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="api_token_one_per_user_and_system",
                violation_error_message=_("This user already has a token for this system."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.name}"


class NotificationQuerySet(models.QuerySet):
    """An official's reminders are its own: the one gate of the inbox, the header count and
    the API (nobody, not even a city administrator, reads another's inbox)."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    managed_by = visible_to

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A reminder for one official (催报, 督办 …), shown in its inbox (我的提醒) and sent by
    the configured channels. `key` names the reminder: the same one is never sent twice."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.SlugField(_("kind"), max_length=40)
    # The unit (区县/园区) the reminder is about, by name: the inbox groups by kind and unit.
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Chat webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, to be retried")


class Delivery(models.Model):
    """One channel's delivery of a reminder (e-mail, chat webhook): a failure is recorded
    and retried by the next run, so no reminder is lost."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("reminder"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                name="delivery_one_per_channel",
                violation_error_message=_("This reminder already has a delivery by this channel."),
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.notification} · {self.get_channel_display()}"
