"""The period a request asks for (`?year=&month=`), as the API validates it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import MAX_YEAR, MIN_YEAR
from core.period import UnknownVersion, resolve_period


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        help_text=_(
            "Calendar year; when left out, the year of the newest closed reporting period "
            "(as on the public pages)."
        ),
    )

    version = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("A published version of the month; by default the newest."),
    )

    def validate(self, attrs):
        """Resolve the choice with the one clock (core.period): `attrs["period"]`."""
        try:
            attrs["period"] = resolve_period(
                attrs.get("year"), attrs.get("month"), attrs.get("version")
            )
        except UnknownVersion:
            raise serializers.ValidationError(
                {"version": _("The month has no such published version.")}
            ) from None
        return attrs


class PeriodQuerySerializer(YearQuerySerializer):
    month = serializers.IntegerField(
        min_value=1,
        max_value=12,
        required=False,
        help_text=_(
            "Up to this month; by default the newest closed month of the year (12 for a "
            "year that is over). A month not closed yet shows the newest closed one, and the "
            "response says so (`limited`)."
        ),
    )
