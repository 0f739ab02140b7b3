"""The framework's own records as the API shows them: reporting periods, reminders."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Notification, PeriodVersion, ReportingPeriod
from core.scoping import sees_everything

from .base import label_of


class ReportingPeriodSerializer(serializers.ModelSerializer):
    status_label = label_of("status")
    version = serializers.IntegerField(
        read_only=True, help_text=_("The newest published version (0 while not published).")
    )
    published_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When the newest version was published.")
    )

    class Meta:
        model = ReportingPeriod
        fields = [
            "year",
            "month",
            "deadline",
            "status",
            "status_label",
            "closed_at",
            "version",
            "published_at",
        ]
        read_only_fields = fields


class ChangeSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["city", "district", "project"])
    code = serializers.CharField(allow_null=True, help_text=_("District or project code."))
    name = serializers.CharField()
    figure = serializers.CharField()
    old = serializers.JSONField()
    new = serializers.JSONField()
    reports = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("The reports that caused the change.")
    )


class PeriodVersionSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="number")
    changes = serializers.SerializerMethodField()

    class Meta:
        model = PeriodVersion
        fields = ["version", "published_at", "changes"]
        read_only_fields = fields

    @extend_schema_field(ChangeSerializer(many=True))
    def get_changes(self, version):
        """The changes in the viewer's record (core.scoping: everything, or the public's)."""
        record = "all" if sees_everything(self.context["request"].user) else "public"
        return (version.changes or {}).get(record, [])


def scope_field():
    """`scope` of a figure (core.scoping.scope_of): what it was computed over."""
    return serializers.ChoiceField(
        choices=["public", "official"],
        help_text=_(
            "public: anonymous, published projects only; official: everything in the "
            "caller's scope (session or token)."
        ),
    )


class MonthFiguresSerializer(serializers.Serializer):
    """A year's figures up to a month (core.period.Period.as_dict), and their scope."""

    year = serializers.IntegerField()
    month = serializers.IntegerField(
        allow_null=True,
        help_text=_("The newest closed month the figures run to (null: none closed yet)."),
    )
    limited = serializers.BooleanField(
        help_text=_("True when the month asked for is not closed yet: figures stop at `month`.")
    )
    version = serializers.IntegerField(
        allow_null=True,
        help_text=_("The published version of the month shown (null: not published, live)."),
    )
    as_of = serializers.DateField(
        help_text=_("The day the figures stand at: the month's last day (or today, if earlier).")
    )
    scope = scope_field()


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "unit", "title", "body", "url", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notification) -> bool:
        return notification.read_at is None
