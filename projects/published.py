"""The published figures of each project in each published month (DESIGN.md "Published
months"): what project pages, lists, exports and the unit and city sums read for a closed
month, kept by stats.publish and never rewritten.

A row holds for the versions `since` ≤ v < `until` of its month: a revision writes new rows
only for the projects whose figures it changed, and closes their previous rows.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import money_field

from .choices import WarningLight
from .totals import ProjectFacts, ProjectYearQuerySet


class PublishedProjectQuerySet(ProjectYearQuerySet):
    """Visible as the project was when published (`is_public`), and to the officials who
    manage it now."""

    def of(self, published):
        """The rows of one published version (a core.models.PeriodVersion)."""
        return self.filter(
            Q(until__isnull=True) | Q(until__gt=published.number),
            period_id=published.period_id,
            since__lte=published.number,
        )


class PublishedProject(ProjectFacts):
    """One project's figures in one published month, as the month was published: its year
    list facts, the approved investment of the month and from January through it, and its
    warning light with the light's reasons, as of the month's last day."""

    period = models.ForeignKey(
        "core.ReportingPeriod",
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.PositiveSmallIntegerField(_("from version"))
    until = models.PositiveSmallIntegerField(_("until version"), null=True, blank=True)
    # What was published stays, even if the project or unit is deleted later.
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="published",
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    completed_month = money_field(_("completed in the month (10k yuan)"))
    completed = money_field(_("completed from January through the month (10k yuan)"))
    warning = models.CharField(_("warning light"), max_length=6, choices=WarningLight.choices)
    late_milestones = models.PositiveIntegerField(_("milestones late"), default=0)
    start_missed = models.BooleanField(_("planned start missed"), default=False)

    objects = PublishedProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("published project figures")
        verbose_name_plural = _("published project figures")
        indexes = [
            models.Index(fields=["period", "project", "since"]),
            models.Index(fields=["period", "since", "district"]),
        ]

    def __str__(self):
        return f"{self.code} {self.period} v{self.since}"
