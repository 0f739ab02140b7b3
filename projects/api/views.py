"""Key projects over the API: reads through the visibility gate, report writes through the
workflow services, statistics from the formulas module (projects.stats)."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from districts.api.base import ApiViewMixin, ScopedViewSetMixin, call_service, describe
from projects import stats
from projects.filtersets import (
    FundingFilterSet,
    IndustryFilterSet,
    MilestoneFilterSet,
    ProgressReportFilterSet,
    ProjectFilterSet,
    RoundFilterSet,
)
from projects.models import (
    Funding,
    Industry,
    Milestone,
    ProgressReport,
    Round,
    RoundEntry,
)
from projects.selectors import project_list
from projects.services import report_approve, report_return, report_submit

from .serializers import (
    DistrictFilterQuerySerializer,
    DistrictStatsQuerySerializer,
    DistrictStatsSerializer,
    FundingListSerializer,
    FundingStatsSerializer,
    IndustrySerializer,
    MilestoneListSerializer,
    ProblemStatsSerializer,
    ProgressReportSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ReturnReportSerializer,
    RoundSerializer,
    YearQuerySerializer,
)


def with_overdue(milestones):
    """Each milestone flagged `overdue` by the one definition, MilestoneQuerySet.overdue()."""
    overdue = Milestone.objects.overdue(timezone.localdate()).filter(pk=OuterRef("pk"))
    return milestones.annotate(overdue=Exists(overdue))


@describe(
    list=_("Industry chains the city develops. Read-only over the API."),
    retrieve=_("One industry, by its code. Read-only over the API."),
)
class IndustryViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Industry.objects.all()
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    lookup_field = "code"


@describe(
    list=_(
        "Key projects: published ones for the public, the token user's scope for officials. "
        "Read-only over the API."
    ),
)
class ProjectViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    lookup_field = "code"

    def get_queryset(self):
        projects = project_list(user=self.request.user)
        if self.action == "retrieve":
            projects = projects.prefetch_related(
                "annual_plans",
                Prefetch("milestones", queryset=with_overdue(Milestone.objects.all())),
                "funding",
                "approval_items",
                Prefetch("round_entries", queryset=RoundEntry.objects.select_related("round")),
            )
        return projects

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer

    @extend_schema(
        parameters=[YearQuerySerializer],
        description=_(
            "One project by its code, with annual plans, milestones, funding, approval items, "
            "rounds, the latest approved monthly report, and its progress and warning light "
            "for `year` (by default the year of the latest approved report, else the current "
            "year). Read-only over the API."
        ),
    )
    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        project.latest_progress = (
            ProgressReport.objects.visible_to(request.user)
            .approved()
            .filter(project=project)
            .order_by("-year", "-month")
            .first()
        )
        year = query.validated_data.get("year")
        if year is None:
            latest = project.latest_progress
            year = latest.year if latest else timezone.localdate().year
        project.progress = stats.project_progress(project, year=year)
        return Response(self.get_serializer(project).data)


@describe(
    list=_(
        "Monthly progress reports. The public sees approved reports of published projects. "
        "A reporter's token creates and edits its district's draft or returned reports; "
        "only approved reports count in any figure."
    ),
    retrieve=_("One monthly report."),
    create=_(
        "Create a draft monthly report for a project of the token user's district (one per "
        "project and month)."
    ),
    update=_("Replace a draft or returned report of the token user's district."),
    partial_update=_("Change fields of a draft or returned report of the token user's district."),
)
class ProgressReportViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ProgressReport.objects.select_related("project__district")
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def _respond(self, report):
        return Response(self.get_serializer(report).data)

    @extend_schema(
        request=None,
        description=_("Submit a draft or returned report to the district's reviewers."),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._respond(
            call_service(report_submit, report=self.get_object(), user=request.user)
        )

    @extend_schema(
        request=None,
        description=_("Approve a submitted report (district reviewers): from now on it counts."),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._respond(
            call_service(report_approve, report=self.get_object(), reviewer=request.user)
        )

    @extend_schema(
        request=ReturnReportSerializer,
        description=_("Return a submitted report to the reporter with a reason (reviewers)."),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        report = self.get_object()
        body = ReturnReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"]
        return self._respond(
            call_service(report_return, report=report, reviewer=request.user, reason=reason)
        )


@describe(
    list=_("Milestones of the projects the viewer may see. Read-only over the API."),
    retrieve=_("One milestone. Read-only over the API."),
)
class MilestoneViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Milestone.objects.select_related("project__district")
    serializer_class = MilestoneListSerializer
    filterset_class = MilestoneFilterSet

    def get_queryset(self):
        return with_overdue(super().get_queryset())


@describe(
    list=_("Funding secured and disbursed per project, kind and year. Read-only over the API."),
    retrieve=_("One funding record. Read-only over the API."),
)
class FundingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Funding.objects.select_related("project__district")
    serializer_class = FundingListSerializer
    filterset_class = FundingFilterSet


@describe(
    list=_(
        "Rounds of “three batches” (signed, started, put into production), each with its "
        "three lists of projects the viewer may see. Read-only over the API."
    ),
    retrieve=_("One round, by its code. Read-only over the API."),
)
class RoundViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Round.objects.select_related("district")
    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    lookup_field = "code"

    def get_queryset(self):
        entries = RoundEntry.objects.visible_to(self.request.user).select_related(
            "project__district"
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("entries", queryset=entries, to_attr="visible_entries"))
        )


# --- Statistics ----------------------------------------------------------------------------


class StatsView(ApiViewMixin, APIView):
    """A figure group of projects.stats for the query's year (and month or district).

    Statistics are public: they are computed over all records, as DESIGN.md says.
    """

    query_serializer = YearQuerySerializer

    def get(self, request):
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = {"year": timezone.localdate().year, **query.validated_data}
        return Response(self.response_serializer(self.compute(**params)).data)


def stats_schema(query, response, description):
    return extend_schema_view(
        get=extend_schema(parameters=[query], responses=response, description=description)
    )


@stats_schema(
    DistrictStatsQuerySerializer,
    DistrictStatsSerializer,
    _(
        "Investment progress of the city and of every reporting unit for a year up to a "
        "month, ranked (赛马) by completion rate, then by problem resolution rate. Amounts "
        "are decimal strings in 10k yuan; rates are percentages with one decimal, null when "
        "undefined."
    ),
)
class DistrictStatsView(StatsView):
    query_serializer = DistrictStatsQuerySerializer
    response_serializer = DistrictStatsSerializer
    compute = staticmethod(stats.district_progress)


@stats_schema(
    DistrictFilterQuerySerializer,
    ProblemStatsSerializer,
    _(
        "The problem ledger for a year: raised (every problem collected, whatever its "
        "status), accepted, resolved, resolution rate ((resolved + closed) ÷ accepted), "
        "rated, satisfaction rate and overdue. Rates are percentages with one decimal, null "
        "when undefined."
    ),
)
class ProblemStatsView(StatsView):
    query_serializer = DistrictFilterQuerySerializer
    response_serializer = ProblemStatsSerializer
    compute = staticmethod(stats.problem_stats)


@stats_schema(
    DistrictFilterQuerySerializer,
    FundingStatsSerializer,
    _(
        "Funding secured and disbursed in a year, by kind and pooled over all kinds "
        "(`disbursement_rate` = disbursed ÷ secured). Amounts are decimal strings in 10k "
        "yuan; rates are percentages with one decimal, null when undefined."
    ),
)
class FundingStatsView(StatsView):
    query_serializer = DistrictFilterQuerySerializer
    response_serializer = FundingStatsSerializer
    compute = staticmethod(stats.funding_stats)
