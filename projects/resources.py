"""Excel/CSV import and export of key projects, annual plans and monthly reports.

Projects are matched by their project code, plans by project code + year, reports by
project code + year + month. Imported reports are drafts of the importing user; their
status moves only through the review workflow, and an approved report cannot be changed by
an import (unless by a city administrator).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import fields

from core.resources import ChoiceWidget, ScopedResource, code_field, credit_code_field
from districts.resources import district_field

from .choices import ReportStatus
from .models import AnnualPlan, Industry, ProgressReport, Project
from .services import report_can_edit, report_write_check

# The owner is an enterprise (a layer above this app): reached through the model's relation.
OWNER = Project._meta.get_field("owner").related_model


def industry_field():
    """An industry by its code or its name."""
    return code_field("industry", Industry, alternates=("name",))


class ProjectResource(ScopedResource):
    district = district_field()
    industry = industry_field()
    owner = credit_code_field("owner", OWNER)
    export_related = ("district", "industry", "owner")

    class Meta:
        model = Project
        import_id_fields = ("code",)
        fields = (
            "code",
            "national_code",
            "name",
            "district",
            "level",
            "category",
            "nature",
            "industry",
            "stage",
            "total_investment",
            "owner",
            "leader",
            "planned_start",
            "actual_start",
            "planned_completion",
            "actual_completion",
            "location",
            "latitude",
            "longitude",
            "construction_content",
            "is_published",
        )


def project_field():
    """A project by its code, its national code or its name (as district ledgers list it)."""
    return code_field("project", Project, alternates=("national_code", "name"))


class AnnualPlanResource(ScopedResource):
    project = project_field()
    export_related = ("project",)

    class Meta:
        model = AnnualPlan
        import_id_fields = ("project", "year")
        fields = ("project", "year", "planned_investment", "goals")


class ProgressReportResource(ScopedResource):
    project = project_field()
    status = fields.Field(
        attribute="status", readonly=True, widget=ChoiceWidget(ReportStatus.choices)
    )
    export_related = ("project", "project__district")

    class Meta:
        model = ProgressReport
        import_id_fields = ("project", "year", "month")
        fields = (
            "project",
            "year",
            "month",
            "completed_investment",
            "narrative",
            "problems_met",
            "status",
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        # Decided on the stored report, before the row's values are applied.
        instance.import_locked = not new and not report_can_edit(report=instance, user=self.user)

    def row_errors(self, instance):
        if getattr(instance, "import_locked", False):
            return {
                "status": [
                    gettext(
                        "This report has been submitted or approved; it can no longer be changed."
                    )
                ]
            }
        if instance.year and instance.month:
            try:
                report_write_check(report=instance, user=self.user)
            except ValidationError as error:
                return error.message_dict
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.created_by = self.user
        instance.edited_by = self.user
