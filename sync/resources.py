"""The resources other systems sync (DESIGN.md "Sync"), each as the API's list shows it: one
definition read by the change feed (the `data` of an upsert) and by the bulk feed (one line
each). Every read goes through the visibility gate: what a viewer may not see is, to it, a
resource that does not exist.
"""

import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers

from core.period import resolve_period
from districts.api.serializers import DistrictSerializer
from districts.models import District
from enterprises.api.serializers import ProblemTrackSerializer
from enterprises.models import Problem
from projects.api.serializers import (
    AnnualPlanSerializer,
    FundingSerializer,
    MilestoneSerializer,
    ProgressReportSerializer,
    ProjectSerializer,
    RoundSerializer,
    rate_field,
    sum_field,
)
from projects.choices import WarningLight
from projects.models import AnnualPlan, Funding, Milestone, ProgressReport, Round, RoundEntry
from projects.plausibility import with_flags
from projects.selectors import project_list

from .fast import project_rows


class FiguresSerializer(serializers.Serializer):
    """A project's figures for the newest closed month (published, when it is)."""

    year = serializers.SerializerMethodField()
    month = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    planned_investment = sum_field(source="plan_investment", allow_null=True)
    completed_investment = sum_field(allow_null=True)
    completion_rate = rate_field()
    points_ahead = rate_field()
    warning = serializers.ChoiceField(choices=WarningLight.choices, allow_null=True)

    def get_year(self, project) -> int:
        return self.context["period"].year

    def get_month(self, project) -> int | None:
        return self.context["period"].month

    def get_version(self, project) -> int | None:
        return self.context["period"].version


class FeedProjectSerializer(ProjectSerializer):
    """A project as the list shows it, with its plans, milestones, funding and figures."""

    annual_plans = AnnualPlanSerializer(many=True, read_only=True, source="feed_plans")
    milestones = MilestoneSerializer(many=True, read_only=True, source="feed_milestones")
    funding = FundingSerializer(many=True, read_only=True, source="feed_funding")
    figures = FiguresSerializer(source="*", read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "annual_plans",
            "milestones",
            "funding",
            "figures",
        ]


@dataclass(frozen=True)
class Resource:
    type: str  # the name in the change feed and the feed's file name
    key: str  # the field whose value names a row (its code)
    serializer: Any
    data_key: str = ""  # the key's name in a row's data, when not `key`

    def key_of(self, data):
        return str(data[self.data_key or self.key])

    def queryset(self, request, context):
        raise NotImplementedError

    def context(self, request):
        return {"request": request}

    def rows(self, request, keys=None, chunk_size=None):
        """The rows the viewer may see (those of `keys` only, when given), each as a dict;
        read through a server-side cursor in chunks when `chunk_size` is given."""
        context = self.context(request)
        rows = self.queryset(request, context)
        if keys is not None:
            rows = rows.filter(**{f"{self.key}__in": keys})
        rows = rows.order_by("pk")
        rows = rows.iterator(chunk_size=chunk_size) if chunk_size else rows
        serializer = self.serializer(context=context)
        for row in rows:
            yield serializer.to_representation(row)


class ProjectResource(Resource):
    """Projects with their plans, milestones and funding: read for a chunk of projects at a
    time, one query each, and handed to the rows as lists (Django's prefetch_related clones
    a queryset per row, which cost more than the row's serialization)."""

    def context(self, request):
        return {"request": request, "period": resolve_period()}

    def queryset(self, request, context):
        return project_list(user=request.user, period=context["period"])

    def rows(self, request, keys=None, chunk_size=None):
        context = self.context(request)
        projects = self.queryset(request, context).order_by("pk")
        if keys is not None:
            projects = projects.filter(code__in=keys)
        return project_rows(projects, context["period"], chunk_size or 2000)

    def serialized_rows(self, request, keys=None, chunk_size=None):
        """The same rows through FeedProjectSerializer (what `rows` must equal)."""
        context = self.context(request)
        projects = self.queryset(request, context).order_by("pk")
        if keys is not None:
            projects = projects.filter(code__in=keys)
        size = chunk_size or 2000
        serializer = self.serializer(context=context)
        today = timezone.localdate()
        read = projects.iterator(chunk_size=size)
        while chunk := list(itertools.islice(read, size)):
            ids = [project.pk for project in chunk]
            parts = {
                "feed_plans": AnnualPlan.objects.filter(project_id__in=ids),
                "feed_milestones": Milestone.objects.with_due_state(today).filter(
                    project_id__in=ids
                ),
                "feed_funding": Funding.objects.filter(project_id__in=ids),
            }
            for name, part_rows in parts.items():
                grouped = {}
                for row in part_rows:
                    grouped.setdefault(row.project_id, []).append(row)
                for project in chunk:
                    setattr(project, name, grouped.get(project.pk, []))
            for project in chunk:
                yield serializer.to_representation(project)


class DistrictResource(Resource):
    def queryset(self, request, context):
        return District.objects.select_related("parent")


class RoundResource(Resource):
    def queryset(self, request, context):
        entries = RoundEntry.objects.visible_to(request.user).select_related("project__district")
        return (
            Round.objects.visible_to(request.user)
            .select_related("district")
            .prefetch_related(Prefetch("entries", queryset=entries, to_attr="visible_entries"))
        )


class ReportResource(Resource):
    def queryset(self, request, context):
        # With their plausibility flags, computed in the same query (the list's `flags`).
        return with_flags(
            ProgressReport.objects.visible_to(request.user)
            .with_managed(request.user)
            .select_related("project__district")
        )


class ProblemResource(Resource):
    def queryset(self, request, context):
        return Problem.objects.visible_to(request.user).with_overdue(timezone.localdate())


RESOURCES = {
    resource.type: resource
    for resource in (
        ProjectResource("project", "code", FeedProjectSerializer),
        DistrictResource("district", "code", DistrictSerializer),
        RoundResource("round", "code", RoundSerializer),
        ReportResource("progress-report", "pk", ProgressReportSerializer, "id"),
        ProblemResource("problem", "tracking_code", ProblemTrackSerializer),
    )
}
