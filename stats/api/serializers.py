"""Statistics as the API shows them: amounts as decimal strings, rates with one decimal."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.period import PeriodQuerySerializer
from core.api.serializers import MonthFiguresSerializer, scope_field
from districts.models import District
from enterprises.choices import SupportKind
from projects.api.serializers import rate_field, sum_field
from projects.choices import FundingKind, ResourceKind, RoundList


class DistrictFilterQuerySerializer(PeriodQuerySerializer):
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=District.objects.all(),
        required=False,
        help_text=_("District code; the whole city when left out."),
    )


class LinksField(serializers.DictField):
    """Links to the rows behind a figure, as absolute URLs (null where the viewer may not
    read every row counted)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(allow_null=True))
        kwargs.setdefault("help_text", _("API lists of the rows this figure was computed from."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return {
            name: request.build_absolute_uri(url) if request and url else url
            for name, url in value.items()
        }


class PeriodStatsSerializer(MonthFiguresSerializer):
    """What every statistics response says about itself: its period, version and scope."""


class CityProgressSerializer(serializers.Serializer):
    name = serializers.CharField()
    project_count = serializers.IntegerField()
    total_investment = sum_field()
    planned_investment = sum_field()
    completed_investment = sum_field()
    completion_rate = rate_field()
    schedule_rate = rate_field()
    points_ahead = rate_field()
    forecast_rate = rate_field(
        help_text=_("The year's end at the current pace (completed ÷ month × 12) ÷ the plan, %.")
    )
    links = LinksField()


class DistrictProgressSerializer(CityProgressSerializer):
    district = serializers.CharField(help_text=_("District code."))
    resolution_rate = rate_field(help_text=_("Problem resolution rate: the ranking's tie-break."))
    rank = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        return {"district": fields.pop("district"), **fields}  # the code first, as in DESIGN.md


class DistrictStatsSerializer(MonthFiguresSerializer):
    city = CityProgressSerializer()
    results = DistrictProgressSerializer(many=True)


class ProblemStatsSerializer(PeriodStatsSerializer):
    raised = serializers.IntegerField()
    accepted = serializers.IntegerField()
    resolved = serializers.IntegerField()
    resolution_rate = rate_field(help_text=_("办结率: (resolved + closed) ÷ accepted."))
    solved = serializers.IntegerField(
        required=False, help_text=_("Resolved or closed with the outcome solved.")
    )
    solved_rate = rate_field(required=False, help_text=_("解决率: solved ÷ (resolved + closed)."))
    rated = serializers.IntegerField()
    satisfaction_rate = rate_field()
    overdue = serializers.IntegerField()
    reopened = serializers.IntegerField(
        required=False, help_text=_("Reopened by the enterprise after being resolved.")
    )
    links = LinksField(allow_null=True)


class FundingKindStatsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FundingKind.choices)
    label = serializers.CharField()
    secured = sum_field()
    disbursed = sum_field()
    disbursement_rate = rate_field()
    links = LinksField()


class FundingStatsSerializer(PeriodStatsSerializer):
    secured = sum_field()
    disbursed = sum_field()
    disbursement_rate = rate_field()
    by_kind = FundingKindStatsSerializer(many=True)
    links = LinksField()


class SupportKindStatsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    enterprises = serializers.IntegerField(help_text=_("Enterprises that received it."))
    amount = sum_field()
    links = LinksField(required=False, help_text=_("rows: the support records counted."))


class CampaignStatsSerializer(MonthFiguresSerializer):
    scope = None
    cadres = serializers.IntegerField(help_text=_("Cadres deployed (助企干部)."))
    enterprises_covered = serializers.IntegerField(
        help_text=_(
            "Enterprises with a cadre assigned during the year (links.enterprises_covered "
            "lists them)."
        )
    )
    visits = serializers.IntegerField()
    visited = serializers.IntegerField(help_text=_("Enterprises and projects visited."))
    dispatch_meetings = serializers.IntegerField()
    matters_assigned = serializers.IntegerField(help_text=_("Matters assigned at them (交办)."))
    matters_solved = serializers.IntegerField()
    matters_solved_rate = rate_field()
    support = SupportKindStatsSerializer(many=True)
    approvals_done = serializers.IntegerField(help_text=_("Approval items completed."))
    approvals_late = serializers.IntegerField(
        help_text=_("Of those, completed after their promised time limit.")
    )
    links = LinksField(allow_null=True)


class LightCountsSerializer(serializers.Serializer):
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()
    project_count = serializers.IntegerField()
    links = LinksField(
        allow_null=True,
        help_text=_(
            "API lists of the projects counted, all and by light (null when the month asked "
            "for is not the year's newest closed one, the period of the project list)."
        ),
    )


class DistrictLightCountsSerializer(LightCountsSerializer):
    district = serializers.CharField(help_text=_("District code."))
    name = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        return {"district": fields.pop("district"), "name": fields.pop("name"), **fields}


class WarningStatsSerializer(MonthFiguresSerializer):
    city = LightCountsSerializer()
    results = DistrictLightCountsSerializer(many=True)


class RoundListFiguresSerializer(serializers.Serializer):
    list = serializers.ChoiceField(choices=RoundList.choices)
    label = serializers.CharField()
    count = serializers.IntegerField(help_text=_("Projects on the list."))
    investment = sum_field(help_text=_("Their total investment."))
    reached = serializers.IntegerField(
        help_text=_("Projects on the list whose stage has reached it (signed, started, producing).")
    )


class RoundFiguresSerializer(serializers.Serializer):
    code = serializers.CharField(source="round.code")
    number = serializers.IntegerField(source="round.number")
    name = serializers.CharField(source="round.name")
    district = serializers.CharField(
        source="round.district.code", allow_null=True, help_text=_("Null for a city-wide round.")
    )
    district_name = serializers.CharField(source="round.district.name", allow_null=True)
    held_on = serializers.DateField(source="round.held_on")
    lists = RoundListFiguresSerializer(many=True)


class RoundTotalsSerializer(serializers.Serializer):
    rounds = serializers.IntegerField()
    projects = serializers.IntegerField(
        help_text=_("Distinct projects over all lists of these rounds (累计).")
    )
    investment = sum_field(help_text=_("Their total investment."))


class RoundStatsSerializer(serializers.Serializer):
    scope = scope_field()
    total = RoundTotalsSerializer()
    results = RoundFiguresSerializer(many=True)


class FlagCountsSerializer(serializers.Serializer):
    reports = serializers.IntegerField(help_text=_("Reports submitted or approved."))
    flagged_reports = serializers.IntegerField(help_text=_("Those with any plausibility flag."))
    cumulative_decrease = serializers.IntegerField()
    exceeds_funding = serializers.IntegerField()
    jump = serializers.IntegerField()
    photo_outside_month = serializers.IntegerField()
    photo_far_from_site = serializers.IntegerField()


class DistrictFlagCountsSerializer(FlagCountsSerializer):
    district = serializers.CharField(help_text=_("District code."))
    name = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        return {"district": fields.pop("district"), "name": fields.pop("name"), **fields}


class ReportFlagStatsSerializer(MonthFiguresSerializer):
    city = FlagCountsSerializer()
    results = DistrictFlagCountsSerializer(many=True)


class PreliminaryBoardSerializer(serializers.Serializer):
    required = serializers.IntegerField(help_text=_("Approval items the categories require."))
    done = serializers.IntegerField(help_text=_("Required items approved by the day."))
    late = serializers.IntegerField(help_text=_("Items past their due date on the day."))


class ResourceTotalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    label = serializers.CharField()
    unit = serializers.CharField(help_text=_("亩, 吨标煤, 吨, 千伏安, 万吨, 万元."))
    needed = sum_field()
    secured = sum_field()
    gap = sum_field(help_text=_("Needed − secured."))
    projects_short = serializers.IntegerField(help_text=_("Projects with a gap."))


class PreparationStatsSerializer(PeriodStatsSerializer):
    preliminary = PreliminaryBoardSerializer()
    resources = ResourceTotalSerializer(many=True)
    links = LinksField()
