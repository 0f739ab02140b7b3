"""The "万人助万企" campaign as the API shows it: enterprises by credit code, the ledger by
tracking code; private fields only for officials."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import PrivateFieldsMixin, VisiblePrimaryKeyRelatedField, code_of, label_of
from core.formulas import percent
from districts.models import District
from enterprises.choices import ProblemOutcome, Satisfaction
from enterprises.models import (
    Assignment,
    Cadre,
    Enterprise,
    EnterpriseLabel,
    MatterCarryOver,
    Problem,
    Support,
    Visit,
)
from enterprises.services import FEEDBACK_FIELDS, FEEDBACK_REQUIRED


def credit_code_of(**kwargs):
    """An enterprise named by its credit code, read-only."""
    return serializers.SlugRelatedField(slug_field="credit_code", read_only=True, **kwargs)


def name_of(source, nullable=True):
    """The name of a related row, beside its code."""
    return serializers.CharField(source=f"{source}.name", read_only=True, allow_null=nullable)


class EnterpriseLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseLabel
        fields = ["code", "name"]


class EnterpriseSerializer(PrivateFieldsMixin, serializers.ModelSerializer):
    kind_label = label_of("kind")
    district = code_of()
    district_name = name_of("district", nullable=False)
    industry = code_of(allow_null=True)
    industry_name = name_of("industry")
    above_scale = serializers.BooleanField(source="is_above_scale", read_only=True)
    labels = EnterpriseLabelSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "name",
            "kind",
            "kind_label",
            "district",
            "district_name",
            "industry",
            "industry_name",
            "above_scale",
            "labels",
            "address",
            "contact_person",
            "contact_phone",
        ]
        private_fields = ["contact_person", "contact_phone"]


class CadreSerializer(serializers.ModelSerializer):
    district = code_of()
    district_name = name_of("district", nullable=False)

    class Meta:
        model = Cadre
        fields = ["id", "name", "unit", "post", "rank", "district", "district_name", "phone"]


class SubjectMixin(serializers.Serializer):
    """The cadre, enterprise and project a campaign record is about (codes and names)."""

    cadre_name = name_of("cadre", nullable=False)
    enterprise = credit_code_of(allow_null=True)
    enterprise_name = name_of("enterprise")
    project = code_of(allow_null=True)
    project_name = name_of("project")


class AssignmentSerializer(SubjectMixin, serializers.ModelSerializer):
    role_label = label_of("role")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "enterprise",
            "enterprise_name",
            "project",
            "project_name",
            "role",
            "role_label",
            "start",
            "end",
        ]


class VisitSerializer(SubjectMixin, serializers.ModelSerializer):
    district = code_of()
    mode_label = label_of("mode")

    class Meta:
        model = Visit
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "enterprise",
            "enterprise_name",
            "project",
            "project_name",
            "district",
            "visited_on",
            "mode",
            "mode_label",
            "summary",
        ]


class ProblemStatusMixin(serializers.Serializer):
    """Status and deadlines: `due` is the closure due date (the category's limit in working
    days unless agreed), `overdue` whether it is open past it today (problem_overdue)."""

    category_label = label_of("category")
    status_label = label_of("status")
    outcome_label = label_of("outcome")
    due = serializers.DateField(source="due_date", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    duplicate_of = serializers.SlugRelatedField(
        slug_field="tracking_code", read_only=True, allow_null=True
    )

    def get_overdue(self, problem) -> bool:
        flag = getattr(problem, "is_overdue", None)
        if flag is None:  # a row not read through Problem.objects.with_overdue()
            flag = Problem.objects.with_overdue(timezone.localdate()).get(pk=problem.pk).is_overdue
        return bool(flag)


class ProblemTrackSerializer(ProblemStatusMixin, serializers.ModelSerializer):
    """What the public may know of one problem: its status, category, dates, who handles it
    (a unit, never a person) and the outcome."""

    handling_unit = serializers.CharField(read_only=True)

    class Meta:
        model = Problem
        fields = [
            "tracking_code",
            "category",
            "category_label",
            "status",
            "status_label",
            "raised_on",
            "accepted_on",
            "response_due",
            "stage_due",
            "due",
            "due_date",
            "overdue",
            "resolved_on",
            "closed_on",
            "resolution",
            "outcome",
            "outcome_label",
            "outcome_note",
            "rejection_reason",
            "handling_unit",
            "satisfaction",
            "reopened",
            "duplicate_of",
        ]


class CarryOverSerializer(serializers.ModelSerializer):
    """A matter reopened because its project was still red when a month was published: the
    month, the reason, the meeting it is carried to (null: awaiting the next meeting) and
    the resolution it had."""

    month = serializers.SerializerMethodField()
    tracking_code = serializers.CharField(source="problem.tracking_code", read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    carried_to = serializers.PrimaryKeyRelatedField(read_only=True)
    carried_to_date = serializers.DateField(
        source="carried_to.held_on", read_only=True, allow_null=True
    )
    reason = serializers.CharField(read_only=True)
    awaiting = serializers.SerializerMethodField()
    status_label = serializers.CharField(read_only=True)

    class Meta:
        model = MatterCarryOver
        fields = [
            "tracking_code",
            "month",
            "reason",
            "carried_on",
            "meeting",
            "carried_to",
            "carried_to_date",
            "awaiting",
            "status_label",
            "resolved_on",
            "outcome",
            "resolution",
        ]

    @extend_schema_field({"type": "string", "example": "2023-05"})
    def get_month(self, record):
        return f"{record.period.year:04d}-{record.period.month:02d}"

    @extend_schema_field({"type": "boolean"})
    def get_awaiting(self, record):
        return record.carried_to_id is None


class ProblemSerializer(SubjectMixin, ProblemStatusMixin, serializers.ModelSerializer):
    """A ledger entry as officials see it, submitter contacts included."""

    district = code_of()
    source_label = label_of("source")
    meeting_title = serializers.CharField(source="meeting.title", read_only=True, allow_null=True)
    assignee_name = name_of("assignee")
    satisfaction_label = label_of("satisfaction")
    carried_over = CarryOverSerializer(source="carry_overs.all", many=True, read_only=True)

    class Meta:
        model = Problem
        fields = [
            "tracking_code",
            "title",
            "description",
            "enterprise",
            "enterprise_name",
            "project",
            "project_name",
            "district",
            "category",
            "category_label",
            "source",
            "source_label",
            "meeting",
            "meeting_title",
            "raised_on",
            "assignee",
            "assignee_name",
            "responsible_unit",
            "routed_by",
            "response_due",
            "stage_due",
            "due",
            "due_date",
            "overdue",
            "status",
            "status_label",
            "accepted_on",
            "rejection_reason",
            "resolution",
            "resolved_on",
            "outcome",
            "outcome_label",
            "outcome_note",
            "satisfaction",
            "satisfaction_label",
            "closed_on",
            "reopened",
            "reopened_on",
            "reopen_reason",
            "carried_over",
            "duplicate_of",
            "submitter_name",
            "submitter_phone",
            "submitter_company",
            "submitter_credit_code",
            "created_at",
            "updated_at",
        ]


REQUIRED = forms.Field.default_error_messages["required"]


class ProblemFeedbackSerializer(serializers.ModelSerializer):
    """An enterprise's problem report (anonymous allowed); it enters the ledger as raised.

    Built, like the feedback page's form, from the Problem model and the service's intake
    lists, so both refuse the same input on the same fields (a blank one in the same words).
    """

    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=District.objects.all(),
        help_text=_("District code where the enterprise or the problem is."),
    )

    class Meta:
        model = Problem
        fields = FEEDBACK_FIELDS
        extra_kwargs = {
            name: {"required": True, "allow_blank": False, "error_messages": {"blank": REQUIRED}}
            for name in FEEDBACK_REQUIRED
        }


class ProblemReceiptSerializer(serializers.ModelSerializer):
    """The answer to a problem report: keep the tracking code to follow it up."""

    status_label = label_of("status")

    class Meta:
        model = Problem
        fields = ["tracking_code", "status", "status_label", "raised_on"]


class ProblemAcceptSerializer(serializers.Serializer):
    assignee = VisiblePrimaryKeyRelatedField(
        queryset=Cadre.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Cadre id to assign the problem to; empty: the handler it was routed to."),
    )
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Empty: the category's response time from today."),
    )


class ProblemRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        help_text=_("Why the problem is not accepted (shown to the enterprise).")
    )


class ProblemResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(help_text=_("How the problem was resolved."))
    outcome = serializers.ChoiceField(
        choices=ProblemOutcome.choices,
        help_text=_("solved, partly_solved, unsolvable (say why in outcome_note) or unfounded."),
    )
    outcome_note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("What the enterprise reads; required when it cannot be solved."),
    )
    resolved_on = serializers.DateField(required=False, allow_null=True)


class ProblemRateSerializer(serializers.Serializer):
    phone = serializers.CharField(
        max_length=30, help_text=_("The phone given with the problem (or the enterprise's).")
    )
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, help_text=_("The enterprise's rating of the outcome.")
    )


class ProblemReopenSerializer(serializers.Serializer):
    phone = serializers.CharField(
        max_length=30, help_text=_("The phone given with the problem (or the enterprise's).")
    )
    reason = serializers.CharField(
        max_length=2000, help_text=_("Why the problem is not resolved (read by its handler).")
    )


class ProblemDuplicateSerializer(serializers.Serializer):
    duplicate_of = serializers.CharField(
        max_length=24,
        help_text=_("Tracking code of the enterprise's earlier open problem of the same category."),
    )


class SupportSerializer(PrivateFieldsMixin, serializers.ModelSerializer):
    """Support an enterprise received: public, like the figures it makes (the description
    for officials only)."""

    enterprise = credit_code_of()
    enterprise_name = name_of("enterprise", nullable=False)
    district = serializers.CharField(source="enterprise.district.code", read_only=True)
    kind_label = label_of("kind")
    date = serializers.DateField(source="granted_on", read_only=True)

    class Meta:
        model = Support
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "district",
            "kind",
            "kind_label",
            "amount",
            "date",
            "description",
        ]
        private_fields = ["description"]


class MatterSerializer(serializers.ModelSerializer):
    """A matter a meeting assigned: a ledger problem, by tracking code, with its status and
    the times it was carried over to a later meeting."""

    status_label = label_of("status")
    carried_over = CarryOverSerializer(source="carry_overs.all", many=True, read_only=True)

    class Meta:
        model = Problem
        fields = ["tracking_code", "title", "status", "status_label", "due_date", "carried_over"]


class MeetingSerializer(serializers.Serializer):
    """A meeting with the matters it assigned and its closure rate: the share of them
    resolved or closed (problem_done) today, a percentage with one decimal."""

    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField(source="held_on", read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = label_of("kind")
    district = serializers.CharField(source="district.code", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    matters = MatterSerializer(source="listed_matters", many=True, read_only=True)
    carried_in = CarryOverSerializer(
        source="listed_carried_in",
        many=True,
        read_only=True,
        help_text=_("Matters of earlier meetings carried over to this one, still red."),
    )
    closure_rate = serializers.SerializerMethodField()

    @extend_schema_field({"type": "number", "nullable": True})
    def get_closure_rate(self, meeting):
        matters = meeting.listed_matters
        return percent(sum(1 for matter in matters if matter.is_done), len(matters))
