"""Key projects over the API: reads through the visibility gate, report writes through the
workflow services, statistics from the formulas module (projects.stats)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import (
    ApiViewMixin,
    ScopedViewSetMixin,
    WorkflowActionsMixin,
    call_service,
    describe,
)
from core.api.period import PeriodQuerySerializer
from core.scoping import scope_of
from districts.models import District
from projects.filtersets import (
    FundingFilterSet,
    IndustryFilterSet,
    MilestoneFilterSet,
    PoolReviewFilterSet,
    ProgressReportFilterSet,
    ProjectFilterSet,
    RoundFilterSet,
)
from projects.models import (
    ApprovalItem,
    Funding,
    Industry,
    Milestone,
    PoolReview,
    ProgressReport,
    Project,
    ResourceNeed,
    Round,
    RoundEntry,
)
from projects.oc4ids import project_package
from projects.pipeline import POOL_WORKFLOW, pool_propose, round_candidates
from projects.plausibility import with_flags
from projects.progress import project_progress
from projects.selectors import map_layers, project_list
from projects.services import REPORT_WORKFLOW

from .serializers import (
    FundingListSerializer,
    IndustrySerializer,
    MilestoneListSerializer,
    PoolProposeSerializer,
    PoolReasonSerializer,
    PoolReviewSerializer,
    ProgressReportSerializer,
    ProjectBriefSerializer,
    ProjectDetailSerializer,
    ProjectMapSerializer,
    ProjectSerializer,
    ReturnReportSerializer,
    RoundListQuerySerializer,
    RoundSerializer,
)


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
                Prefetch(
                    "milestones", queryset=Milestone.objects.with_due_state(timezone.localdate())
                ),
                "funding",
                Prefetch(
                    "approval_items",
                    queryset=ApprovalItem.objects.with_late(timezone.localdate()),
                ),
                Prefetch("resource_needs", queryset=ResourceNeed.objects.with_gap()),
                Prefetch("round_entries", queryset=RoundEntry.objects.select_related("round")),
            ).select_related("pool_review")
        return projects

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer

    @extend_schema(
        parameters=[PeriodQuerySerializer],
        description=_(
            "One project by its code, with annual plans, milestones, funding, approval items, "
            "rounds, the latest approved monthly report, and its progress and warning light "
            "for `year` up to `month` (by default the newest approved month, as on the "
            "project's page). Read-only over the API."
        ),
    )
    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        project.latest_progress = (
            ProgressReport.objects.visible_to(request.user)
            .approved()
            .filter(project=project)
            .order_by("-year", "-month")
            .first()
        )
        project.progress = project_progress(project, period=query.validated_data["period"])
        project.preliminary = ApprovalItem.objects.filter(project=project).board(
            timezone.localdate()
        )
        return Response(self.get_serializer(project).data)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description=_(
            "One project as an OC4IDS 0.9 project package (Open Contracting for "
            "Infrastructure Data Standard): status and phase periods, budget and funding "
            "breakdown in CNY, milestones and approval items, annual plans as forecasts, "
            "approved monthly investment and physical progress as metrics, disbursements as "
            "transactions, photos as documents, completion, and the key-project level and "
            "“three batches” lists as additional classifications."
        ),
    )
    @action(detail=True, methods=["get"])
    def oc4ids(self, request, code=None):
        project = self.get_object()
        city = District.objects.city()
        package = project_package(
            Project.objects.filter(pk=project.pk),
            publisher=city.name if city else project.district.name,
            uri=request.build_absolute_uri(),
        )
        return Response(package)

    @extend_schema(
        filters=True,
        responses=ProjectMapSerializer,
        description=_(
            "The projects the list's filters select, unpaged, for a map: each with its "
            "coordinates, total investment, and its completion rate, points vs schedule and "
            "warning light for the period (the `year` filter's year, else the newest "
            "approved month); plus the functional zones (not administrative areas), each "
            "placed at the centre of its projects. Projects without coordinates are counted "
            "in `count` but not listed."
        ),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def map(self, request):
        backend = DjangoFilterBackend()
        filterset = backend.get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        figures = {
            **map_layers(filterset.progress_qs, user=request.user),
            **filterset.period.as_dict(),
            "count": filterset.qs.count(),
            "scope": scope_of(request.user),
        }
        return Response(ProjectMapSerializer(figures).data)


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
    WorkflowActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ProgressReport.objects.select_related("project__district")
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    workflow = REPORT_WORKFLOW
    workflow_bodies = {"return": ReturnReportSerializer}

    def get_queryset(self):
        return with_flags(super().get_queryset())

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user, edited_by=self.request.user)

    def perform_update(self, serializer):
        serializer.save(edited_by=self.request.user)


@describe(
    list=_("Milestones of the projects the viewer may see. Read-only over the API."),
    retrieve=_("One milestone. Read-only over the API."),
)
class MilestoneViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Milestone.objects.select_related("project__district")
    serializer_class = MilestoneListSerializer
    filterset_class = MilestoneFilterSet

    def get_queryset(self):
        return super().get_queryset().with_due_state(timezone.localdate())


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
        "入库 reviews: projects proposed by their unit for the city's pool (proposed, "
        "approved, returned) — the published projects' for the public, the token user's "
        "scope for officials."
    ),
    retrieve=_("One 入库 review."),
    create=_(
        "Propose a reserve or preliminary project of the token user's district for the pool "
        "(a returned one is proposed again)."
    ),
)
class PoolReviewViewSet(
    ScopedViewSetMixin,
    WorkflowActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = PoolReview.objects.select_related("project__district")
    serializer_class = PoolReviewSerializer
    filterset_class = PoolReviewFilterSet
    workflow = POOL_WORKFLOW
    workflow_bodies = {"return": PoolReasonSerializer, "propose": PoolProposeSerializer}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = call_service(
            pool_propose,
            project=serializer.validated_data["project"],
            user=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(review).data, status=201)


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

    @extend_schema(
        parameters=[RoundListQuerySerializer],
        responses=ProjectBriefSerializer(many=True),
        description=_(
            "The projects that may go on one of the round's lists, from the pipeline: the "
            "signed list takes projects approved into the pool (入库) and not signed yet, the "
            "started list signed projects, the production list projects under construction "
            "or completed; of the round's district, not on that list yet, that the viewer "
            "may see."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def candidates(self, request, code=None):
        round_ = self.get_object()
        query = RoundListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        projects = round_candidates(
            round_=round_,
            round_list=query.validated_data["list"],
            projects=Project.objects.visible_to(request.user).select_related("district"),
        )
        return Response(ProjectBriefSerializer(projects, many=True).data)

    def get_queryset(self):
        entries = RoundEntry.objects.visible_to(self.request.user).select_related(
            "project__district"
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("entries", queryset=entries, to_attr="visible_entries"))
        )
