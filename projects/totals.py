"""Each project's year summed ahead, so that a table over every project reads one row per
project instead of twelve reports: the model, kept by projects.refresh.

The rows are computed by the database from the records and rewritten on every write to
those records; nobody types them in and nothing else writes them.
"""

from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.fields import money_field
from core.models import YEAR_VALIDATORS
from core.scoping import ScopedQuerySet

from .choices import WarningLight

MONTHS = range(1, 13)


def completed_through(month):
    """The ProjectYear field of the approved investment from January through `month`."""
    return f"completed_{month:02d}"


def light_of(month):
    """The ProjectYear field of the project's warning light for `month`."""
    return f"light_{month:02d}"


class ProjectYearQuerySet(ScopedQuerySet):
    """Visible wherever its project is: the project's gate decides, through `is_public`
    (computed by that gate) and the project's district and assignments."""

    # Derived rows: the writes they follow are the changes, not their rewriting.
    tracked = False

    def public_q(self):
        return Q(is_public=True)

    def cadre_q(self, cadre):
        projects = self.model._meta.get_field("project").related_model.objects
        return Q(project__in=projects.filter(projects.cadre_q(cadre)))


class ProjectFacts(models.Model):
    """What a project's figures and warning light read of the project and its year: its
    visibility, total investment, the year's plan, start and stage, and the earliest planned
    date of a milestone not reached (ProjectYear keeps them current, PublishedProject as
    published)."""

    is_public = models.BooleanField(_("public"))
    total_investment = money_field(_("total investment (10k yuan)"))
    planned_investment = money_field(
        _("planned investment (10k yuan)"), null=True, blank=True, default=None
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20)
    earliest_open_milestone = models.DateField(
        _("earliest planned date of a milestone not reached"), null=True, blank=True
    )

    class Meta:
        abstract = True


class ProjectYear(ProjectFacts):
    """One project in one year as every figure counts it: the annual plan and the approved
    investment completed from January through each month, and what else the project's
    figures and warning light read — its district, total investment, public visibility,
    start and stage, and the earliest planned date of a milestone not reached yet — as of
    the last write to the project, its plans, reports or milestones.

    Each month's warning light is kept too (projects.progress.light_case over the row):
    tables over every project count and sort lights without computing them.

    A row exists for every year in which the project has an annual plan or an approved
    report; `planned_investment` is empty in a year without a plan.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="year_totals",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )

    objects = ProjectYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("project year")
        verbose_name_plural = _("project years")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="project_year_unique")
        ]
        indexes = [models.Index(fields=["year", "district"])]

    def __str__(self):
        return f"{self.project_id} {self.year}"


for _month in MONTHS:
    ProjectYear.add_to_class(
        completed_through(_month),
        money_field(format_lazy(_("completed from January through month {}"), _month)),
    )
    ProjectYear.add_to_class(
        light_of(_month),
        models.CharField(
            format_lazy(_("warning light of month {}"), _month),
            max_length=6,
            choices=WarningLight.choices,
            db_default=WarningLight.GREEN,  # until the refresh computes it
        ),
    )
