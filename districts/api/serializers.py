"""Reporting units as the API shows them: codes, never database ids."""

from rest_framework import serializers

from core.api.base import code_of, label_of
from districts.models import District


class DistrictSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")
    parent = code_of(allow_null=True)

    class Meta:
        model = District
        fields = ["code", "name", "kind", "kind_label", "parent", "order"]
