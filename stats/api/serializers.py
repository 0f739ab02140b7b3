"""Statistics as the API shows them: amounts as decimal strings, rates with one decimal."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.period import YearQuerySerializer
from districts.models import District
from projects.api.serializers import rate_field, sum_field
from projects.choices import FundingKind


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
