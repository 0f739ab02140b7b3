"""The framework's own records as the API shows them: reporting periods, reminders."""

from rest_framework import serializers

from core.models import Notification, ReportingPeriod

from .base import label_of


class ReportingPeriodSerializer(serializers.ModelSerializer):
    status_label = label_of("status")

    class Meta:
        model = ReportingPeriod
        fields = ["year", "month", "deadline", "status", "status_label", "closed_at"]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notification) -> bool:
        return notification.read_at is None
