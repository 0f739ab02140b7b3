"""The framework's own records as the API shows them: reporting periods, reminders."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import Notification, ReportingPeriod

from .base import label_of


class ReportingPeriodSerializer(serializers.ModelSerializer):
    status_label = label_of("status")

    class Meta:
        model = ReportingPeriod
        fields = ["year", "month", "deadline", "status", "status_label", "closed_at"]
        read_only_fields = fields


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
    scope = scope_field()


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notification) -> bool:
        return notification.read_at is None
