"""The framework's own records as the API shows them."""

from rest_framework import serializers

from core.models import ReportingPeriod

from .base import label_of


class ReportingPeriodSerializer(serializers.ModelSerializer):
    status_label = label_of("status")

    class Meta:
        model = ReportingPeriod
        fields = ["year", "month", "deadline", "status", "status_label", "closed_at"]
        read_only_fields = fields
