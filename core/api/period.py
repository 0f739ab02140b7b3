"""The period a request asks for (`?year=&month=`), as the API validates it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import MAX_YEAR, MIN_YEAR


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        help_text=_(
            "Calendar year; when left out, the year of the newest approved monthly report "
            "(as on the public pages)."
        ),
    )


class PeriodQuerySerializer(YearQuerySerializer):
    month = serializers.IntegerField(
        min_value=1,
        max_value=12,
        required=False,
        help_text=_(
            "Up to this month; by default the latest month with approved reports of the year "
            "(12 for a past year)."
        ),
    )
