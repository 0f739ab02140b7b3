"""Excel/CSV import and export of enterprises, cadres and the problem ledger.

Enterprises are matched by credit code (validated with its check character), cadres by
district + name + work unit, problems by tracking code (left empty for a new problem, which
then gets one). A problem's status, resolution and rating move only through the ledger
workflow; an import records and updates the facts of a problem, never its outcome.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import fields

from core.resources import (
    ChoiceWidget,
    CodesWidget,
    CreditCodeWidget,
    ScopedResource,
    credit_code_field,
)
from districts.resources import district_field
from projects.resources import industry_field, project_field

from .choices import ProblemStatus, Satisfaction
from .models import Cadre, Enterprise, EnterpriseLabel, Problem


class EnterpriseResource(ScopedResource):
    credit_code = fields.Field(attribute="credit_code", widget=CreditCodeWidget())
    district = district_field()
    industry = industry_field()
    labels = fields.Field(
        attribute="labels", widget=CodesWidget(EnterpriseLabel, field="code", separator=",")
    )
    export_related = ("district", "industry")
    export_prefetch = ("labels",)

    class Meta:
        model = Enterprise
        import_id_fields = ("credit_code",)
        fields = (
            "credit_code",
            "name",
            "kind",
            "district",
            "industry",
            "is_above_scale",
            "labels",
            "address",
            "contact_person",
            "contact_phone",
        )


class CadreResource(ScopedResource):
    district = district_field()
    export_related = ("district",)

    class Meta:
        model = Cadre
        import_id_fields = ("district", "name", "unit")
        fields = ("district", "name", "unit", "post", "rank", "phone")


class ProblemResource(ScopedResource):
    enterprise = credit_code_field("enterprise", Enterprise)
    project = project_field()
    district = district_field()
    # The outcome is the workflow's: exported for reading, never imported.
    assignee = fields.Field(attribute="assignee__name", readonly=True)
    status = fields.Field(
        attribute="status", readonly=True, widget=ChoiceWidget(ProblemStatus.choices)
    )
    resolution = fields.Field(attribute="resolution", readonly=True)
    resolved_on = fields.Field(attribute="resolved_on", readonly=True)
    satisfaction = fields.Field(
        attribute="satisfaction", readonly=True, widget=ChoiceWidget(Satisfaction.choices)
    )
    closed_on = fields.Field(attribute="closed_on", readonly=True)
    export_related = ("enterprise", "project", "district", "assignee")

    class Meta:
        model = Problem
        import_id_fields = ("tracking_code",)
        fields = (
            "tracking_code",
            "title",
            "description",
            "enterprise",
            "project",
            "district",
            "category",
            "source",
            "raised_on",
            "responsible_unit",
            "due_date",
            "assignee",
            "status",
            "resolution",
            "resolved_on",
            "satisfaction",
            "closed_on",
        )

    def do_instance_save(self, instance, is_create):
        """A new problem is an intake like any other: it gets its due dates."""
        if is_create:
            from .services import problem_intake

            problem_intake(instance)
        super().do_instance_save(instance, is_create)

    def after_init_instance(self, instance, new, row, **kwargs):
        code = str(row.get(self.fields["tracking_code"].column_name) or "").strip()
        if new and code:
            # A tracking code that is not (or not visibly) in the ledger: refuse, do not invent.
            raise ValidationError(
                {
                    self.fields["tracking_code"].column_name: gettext(
                        "No problem with tracking code “%(code)s” that you may change; "
                        "leave the column empty for a new problem."
                    )
                    % {"code": code}
                }
            )
