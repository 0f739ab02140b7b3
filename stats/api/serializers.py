"""Statistics as the API shows them: amounts as decimal strings, rates with one decimal."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.period import YearQuerySerializer
from districts.models import District
from projects.api.serializers import rate_field, sum_field
from projects.choices import FundingKind, RoundList


class DistrictFilterQuerySerializer(YearQuerySerializer):
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=District.objects.all(),
        required=False,
        help_text=_("District code; the whole city when left out."),
    )


class CityProgressSerializer(serializers.Serializer):
    name = serializers.CharField()
    project_count = serializers.IntegerField()
    total_investment = sum_field()
    planned_investment = sum_field()
    completed_investment = sum_field()
    completion_rate = rate_field()
    schedule_rate = rate_field()
    points_ahead = rate_field()


class DistrictProgressSerializer(CityProgressSerializer):
    district = serializers.CharField(help_text=_("District code."))
    resolution_rate = rate_field(help_text=_("Problem resolution rate: the ranking's tie-break."))
    rank = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        return {"district": fields.pop("district"), **fields}  # the code first, as in DESIGN.md


class DistrictStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True)
    city = CityProgressSerializer()
    results = DistrictProgressSerializer(many=True)


class ProblemStatsSerializer(serializers.Serializer):
    raised = serializers.IntegerField()
    accepted = serializers.IntegerField()
    resolved = serializers.IntegerField()
    resolution_rate = rate_field()
    rated = serializers.IntegerField()
    satisfaction_rate = rate_field()
    overdue = serializers.IntegerField()


class FundingKindStatsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FundingKind.choices)
    label = serializers.CharField()
    secured = sum_field()
    disbursed = sum_field()
    disbursement_rate = rate_field()


class FundingStatsSerializer(serializers.Serializer):
    secured = sum_field()
    disbursed = sum_field()
    disbursement_rate = rate_field()
    by_kind = FundingKindStatsSerializer(many=True)


class ScopeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=["public", "official"],
            help_text=_(
                "public: published projects only (anonymous callers); official: everything in "
                "the caller's scope."
            ),
            **kwargs,
        )


class LightCountsSerializer(serializers.Serializer):
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()
    project_count = serializers.IntegerField()


class DistrictLightCountsSerializer(LightCountsSerializer):
    district = serializers.CharField(help_text=_("District code."))
    name = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        return {"district": fields.pop("district"), "name": fields.pop("name"), **fields}


class WarningStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True)
    scope = ScopeField()
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
    scope = ScopeField()
    total = RoundTotalsSerializer()
    results = RoundFiguresSerializer(many=True)
