"""Key projects as the API shows them: codes beside labels, amounts as decimal strings in 万元.

Figures (progress, rates, warning) are never computed here: they come from projects.progress and the stats package
and are only rendered by these serializers.
"""

from decimal import ROUND_HALF_UP

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import (
    FullCleanSerializer,
    VisibleSlugRelatedField,
    as_api_error,
    code_of,
    label_of,
)
from core.api.serializers import MonthFiguresSerializer
from projects.choices import PoolReviewStatus, RoundList, WarningLight
from projects.models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Milestone,
    PoolReview,
    ProgressReport,
    Project,
    ResourceNeed,
    Round,
    RoundEntry,
)
from projects.plausibility import FLAGS, flags_of
from projects.services import report_can_edit, report_write_check


def rate_field(**kwargs):
    """A percentage with one decimal, a JSON number; null when its denominator is zero.
    Rounded half up, like core.formulas (SQL rates arrive unrounded)."""
    return serializers.DecimalField(
        max_digits=None,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        rounding=ROUND_HALF_UP,
        **kwargs,
    )


def sum_field(**kwargs):
    """A sum in 万元 as a decimal string with two decimals (sums may outgrow one row's 14 digits)."""
    return serializers.DecimalField(max_digits=None, decimal_places=2, **kwargs)


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "name", "order"]


class ProjectPartMixin(serializers.Serializer):
    """The project a record belongs to, by code, with its name and district."""

    project = code_of()
    project_name = serializers.CharField(source="project.name", read_only=True)
    district = code_of("project.district")


class ProjectBriefSerializer(serializers.ModelSerializer):
    """A project named inside another resource (a round's lists)."""

    district = code_of()
    stage_label = label_of("stage")

    class Meta:
        model = Project
        fields = ["code", "name", "district", "stage", "stage_label", "total_investment"]


class ProjectSerializer(serializers.ModelSerializer):
    district = code_of()
    district_name = serializers.CharField(source="district.name", read_only=True)
    level_label = label_of("level")
    category_label = label_of("category")
    nature_label = label_of("nature")
    industry = code_of(allow_null=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True, allow_null=True)
    stage_label = label_of("stage")
    owner = serializers.SlugRelatedField(slug_field="credit_code", read_only=True, allow_null=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True)
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = Project
        fields = [
            "code",
            "national_code",
            "name",
            "district",
            "district_name",
            "level",
            "level_label",
            "category",
            "category_label",
            "nature",
            "nature_label",
            "industry",
            "industry_name",
            "stage",
            "stage_label",
            "total_investment",
            "owner",
            "owner_name",
            "leader",
            "planned_start",
            "actual_start",
            "planned_completion",
            "actual_completion",
            "location",
            "latitude",
            "longitude",
            "published",
            "updated_at",
        ]


class ProjectPointSerializer(serializers.ModelSerializer):
    """A project on the map: where it is, how large, and its progress and light for the
    period (annotated by ProjectFilterSet)."""

    district = code_of()
    district_name = serializers.CharField(source="district.name", read_only=True)
    stage_label = label_of("stage")
    completion_rate = rate_field(read_only=True)
    points_ahead = rate_field(
        read_only=True, help_text=_("Completion rate minus schedule rate, in points.")
    )
    warning = serializers.ChoiceField(choices=WarningLight.choices, read_only=True)
    warning_label = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "district",
            "district_name",
            "stage",
            "stage_label",
            "total_investment",
            "latitude",
            "longitude",
            "completion_rate",
            "points_ahead",
            "warning",
            "warning_label",
        ]

    def get_warning_label(self, project) -> str:
        return str(WarningLight(project.warning).label)


class ZoneSerializer(serializers.Serializer):
    """A functional zone (development zone, demonstration zone, industrial park): not an
    administrative area, so it has no boundary; marked at the centre of its projects."""

    district = serializers.CharField(source="code", help_text=_("District code."))
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = label_of("kind")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)


class MapLayersSerializer(serializers.Serializer):
    """projects.selectors.map_layers: what a map draws."""

    results = ProjectPointSerializer(many=True, help_text=_("Projects that have coordinates."))
    zones = ZoneSerializer(many=True)


class ProjectMapSerializer(MonthFiguresSerializer, MapLayersSerializer):
    count = serializers.IntegerField(
        help_text=_("Projects matching the filters, with or without coordinates.")
    )


class AnnualPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualPlan
        fields = ["year", "planned_investment", "goals"]


class MilestoneSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")
    overdue = serializers.BooleanField(
        read_only=True, help_text=_("The planned date has passed and it is not reached.")
    )

    class Meta:
        model = Milestone
        fields = ["id", "kind", "kind_label", "name", "planned_date", "actual_date", "overdue"]


class MilestoneListSerializer(ProjectPartMixin, MilestoneSerializer):
    class Meta(MilestoneSerializer.Meta):
        fields = ["id", "project", "project_name", "district", *MilestoneSerializer.Meta.fields[1:]]


class FundingSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")

    class Meta:
        model = Funding
        fields = ["id", "kind", "kind_label", "year", "secured", "disbursed", "note"]


class FundingListSerializer(ProjectPartMixin, FundingSerializer):
    class Meta(FundingSerializer.Meta):
        fields = ["id", "project", "project_name", "district", *FundingSerializer.Meta.fields[1:]]


class ApprovalItemSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")

    class Meta:
        model = ApprovalItem
        fields = [
            "kind",
            "kind_label",
            "name",
            "legal_days",
            "promised_days",
            "applied_on",
            "approved_on",
            "required",
            "due_date",
            "actual_days",
            "late",
        ]
        extra_kwargs = {
            "due_date": {"help_text": _("The promised limit in working days after applying.")},
            "actual_days": {"help_text": _("Working days after applying, up to the approval.")},
        }

    late = serializers.BooleanField(
        read_only=True,
        help_text=_("Past its due date today: approved after it, or not approved yet."),
    )


class PreliminarySerializer(serializers.Serializer):
    """前期手续 board of a project (ApprovalItemQuerySet.board), as of today."""

    required = serializers.IntegerField(help_text=_("Approval items its category requires."))
    done = serializers.IntegerField(help_text=_("Required items approved."))
    late = serializers.IntegerField(help_text=_("Items past their due date."))


class ResourceNeedSerializer(serializers.ModelSerializer):
    """要素保障: one factor's need, what is secured and the gap (needed − secured)."""

    kind_label = label_of("kind")
    unit = serializers.CharField(read_only=True, help_text=_("亩, 吨标煤, 吨, 千伏安, 万吨, 万元."))
    gap = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text=_("Needed − secured.")
    )

    class Meta:
        model = ResourceNeed
        fields = ["kind", "kind_label", "unit", "needed", "secured", "gap", "note"]


class ProjectRoundSerializer(serializers.ModelSerializer):
    """A round a project is on, and on which of its three lists."""

    round = code_of()
    name = serializers.CharField(source="round.name", read_only=True)
    number = serializers.IntegerField(source="round.number", read_only=True)
    held_on = serializers.DateField(source="round.held_on", read_only=True)
    list = serializers.ChoiceField(source="round_list", choices=RoundList.choices, read_only=True)
    list_label = label_of("round_list")

    class Meta:
        model = RoundEntry
        fields = ["round", "name", "number", "held_on", "list", "list_label"]


class ForecastSerializer(serializers.Serializer):
    year_end = sum_field(allow_null=True, help_text=_("The year's end at the current pace."))
    year_end_rate = rate_field(help_text=_("That figure ÷ the annual plan, %."))
    monthly_needed = sum_field(
        allow_null=True,
        help_text=_("What each month left must complete to finish the plan (null in December)."),
    )
    on_track = serializers.BooleanField(
        allow_null=True, help_text=_("Whether the current pace reaches the plan.")
    )


class ProgressFiguresSerializer(serializers.Serializer):
    """projects.progress.project_progress: one project's year up to a month."""

    year = serializers.IntegerField()
    month = serializers.IntegerField(
        allow_null=True,
        help_text=_("The newest closed month of the year (12 for a year that is over)."),
    )
    planned_investment = sum_field(allow_null=True, help_text=_("Null without an annual plan."))
    completed_investment = sum_field()
    completion_rate = rate_field()
    schedule_rate = rate_field()
    points_ahead = rate_field(help_text=_("Completion rate minus schedule rate, in points."))
    warning = serializers.ChoiceField(choices=WarningLight.choices)
    warning_reasons = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why the light is yellow or red.")
    )


class ReportStatusMixin(serializers.Serializer):
    status_label = label_of("status")


class LatestProgressSerializer(ReportStatusMixin, serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "year",
            "month",
            "completed_investment",
            "narrative",
            "problems_met",
            "status",
            "status_label",
            "reviewed_at",
        ]


class ProjectDetailSerializer(ProjectSerializer):
    annual_plans = AnnualPlanSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    funding = FundingSerializer(many=True, read_only=True)
    approval_items = ApprovalItemSerializer(many=True, read_only=True)
    preliminary = PreliminarySerializer(read_only=True)
    resource_needs = ResourceNeedSerializer(many=True, read_only=True)
    pool_status = serializers.ChoiceField(
        source="pool_review.status",
        choices=PoolReviewStatus.choices,
        read_only=True,
        allow_null=True,
        help_text=_("入库: proposed, approved (in the pool) or returned; null if never proposed."),
    )
    rounds = ProjectRoundSerializer(source="round_entries", many=True, read_only=True)
    latest_progress = LatestProgressSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The latest approved monthly report; null when none is approved."),
    )
    progress = ProgressFiguresSerializer(read_only=True)
    forecast = ForecastSerializer(source="progress.forecast", read_only=True)
    warning = serializers.ChoiceField(
        source="progress.warning", choices=WarningLight.choices, read_only=True
    )
    warning_label = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "construction_content",
            "annual_plans",
            "milestones",
            "funding",
            "approval_items",
            "preliminary",
            "resource_needs",
            "pool_status",
            "rounds",
            "latest_progress",
            "progress",
            "forecast",
            "warning",
            "warning_label",
        ]

    def get_warning_label(self, project) -> str:
        return str(WarningLight(project.progress["warning"]).label)


class ProgressReportSerializer(ReportStatusMixin, FullCleanSerializer):
    """A monthly report. Reporters write drafts of their district; the workflow (submit,
    approve, return) runs through projects.services, never by writing `status`."""

    project = VisibleSlugRelatedField(
        slug_field="code",
        queryset=Project.objects.all(),
        help_text=_("Project code; only projects the token's user may see."),
    )
    project_name = serializers.CharField(source="project.name", read_only=True)
    district = code_of("project.district")
    flags = serializers.SerializerMethodField(
        help_text=_(
            "Plausibility flags for the reviewer (projects.plausibility): cumulative_decrease, "
            "exceeds_funding, jump, photo_outside_month, photo_far_from_site."
        )
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "project",
            "project_name",
            "district",
            "year",
            "month",
            "completed_investment",
            "cumulative_investment",
            "narrative",
            "problems_met",
            "status",
            "status_label",
            "submitted_at",
            "reviewed_at",
            "return_reason",
            "is_late",
            "flags",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "submitted_at",
            "reviewed_at",
            "return_reason",
            "is_late",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(FLAGS.items())))
    )
    def get_flags(self, report):
        return flags_of(report)

    def check_instance(self, instance):
        user = self.context["request"].user
        if self.instance is not None and not report_can_edit(report=self.instance, user=user):
            raise PermissionDenied(_("This report cannot be changed by you in its status."))
        if not report_can_edit(report=instance, user=user):
            raise PermissionDenied(_("Only the district's reporters may write its reports."))
        try:
            report_write_check(report=instance, user=user)
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        self.filed_late = instance.is_late

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if hasattr(self, "filed_late"):
            attrs["is_late"] = self.filed_late
        return attrs


class ReturnReportSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the report goes back to the reporter."))


class PoolReviewSerializer(ProjectPartMixin, serializers.ModelSerializer):
    """入库: a project proposed by its unit for the city's pool, and the city's review. A
    POST proposes a reserve or preliminary project of the token user's district (or
    proposes a returned one again); approving and returning are the city's actions."""

    project = VisibleSlugRelatedField(
        slug_field="code",
        queryset=Project.objects.all(),
        help_text=_("Project code; a reserve or preliminary project the token's user manages."),
    )
    stage = serializers.CharField(source="project.stage", read_only=True)
    status_label = label_of("status")

    class Meta:
        model = PoolReview
        fields = [
            "id",
            "project",
            "project_name",
            "district",
            "stage",
            "status",
            "status_label",
            "reason",
            "proposed_at",
            "reviewed_at",
            "return_reason",
        ]
        read_only_fields = ["status", "proposed_at", "reviewed_at", "return_reason"]


class PoolReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the proposal goes back to the unit."))


class PoolProposeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RoundListQuerySerializer(serializers.Serializer):
    list = serializers.ChoiceField(
        choices=RoundList.choices, help_text=_("signed, started or in_production.")
    )


class RoundSerializer(serializers.ModelSerializer):
    """A round of "三个一批" with its three lists (only projects the viewer may see)."""

    district = code_of(allow_null=True, help_text=_("Null for a city-wide round."))
    signed = serializers.SerializerMethodField()
    started = serializers.SerializerMethodField()
    in_production = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "code",
            "number",
            "name",
            "district",
            "held_on",
            "signed",
            "started",
            "in_production",
        ]

    def _list(self, round_, name):
        projects = [entry.project for entry in round_.visible_entries if entry.round_list == name]
        return ProjectBriefSerializer(projects, many=True, context=self.context).data

    @extend_schema_field(ProjectBriefSerializer(many=True))
    def get_signed(self, round_):
        return self._list(round_, RoundList.SIGNED)

    @extend_schema_field(ProjectBriefSerializer(many=True))
    def get_started(self, round_):
        return self._list(round_, RoundList.STARTED)

    @extend_schema_field(ProjectBriefSerializer(many=True))
    def get_in_production(self, round_):
        return self._list(round_, RoundList.IN_PRODUCTION)


# --- Statistics (shapes of DESIGN.md "Public interfaces"; figures from the stats package) ---
