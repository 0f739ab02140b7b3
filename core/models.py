"""The reporting cycle (填报周期), the one clock every figure is read against; and the API
tokens other systems authenticate with."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from .tracking import TrackedQuerySet

MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


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
