"""The campaign over the API: enterprises for everyone (public fields), cadres, assignments,
visits and the problem ledger for officials; problem reports from anyone, throttled."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.base import (
    ScopedViewSetMixin,
    WorkflowActionsMixin,
    call_service,
    describe,
)
from core.api.permissions import IsOfficial
from core.security import ScopedRateThrottle
from core.validators import parse_day
from enterprises import services
from enterprises.filtersets import (
    AssignmentFilterSet,
    CadreFilterSet,
    EnterpriseFilterSet,
    MeetingFilterSet,
    ProblemFilterSet,
    SupportFilterSet,
    VisitFilterSet,
)
from enterprises.models import (
    Assignment,
    Cadre,
    Enterprise,
    MatterCarryOver,
    Problem,
    Support,
    Visit,
    problem_done,
)
from projects.models import Meeting

from .serializers import (
    AssignmentSerializer,
    CadreSerializer,
    EnterpriseSerializer,
    MeetingSerializer,
    ProblemAcceptSerializer,
    ProblemDuplicateSerializer,
    ProblemFeedbackSerializer,
    ProblemRateSerializer,
    ProblemReceiptSerializer,
    ProblemRejectSerializer,
    ProblemReopenSerializer,
    ProblemResolveSerializer,
    ProblemSerializer,
    ProblemTrackSerializer,
    SupportSerializer,
    VisitSerializer,
)

# A matter's carry-overs as the API shows them (CarryOverSerializer), one query per list.
CARRY_OVERS = MatterCarryOver.objects.select_related("period", "problem", "carried_to")

SUBJECT_JOINS = ("cadre", "enterprise", "project")


@describe(
    list=_(
        "Enterprises the campaign serves. Contacts are private: only officials who may see "
        "the enterprise get them. Read-only over the API."
    ),
    retrieve=_("One enterprise, by its unified social credit code. Read-only over the API."),
)
class EnterpriseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Enterprise.objects.select_related("district", "industry").prefetch_related("labels")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    lookup_field = "credit_code"


class OfficialsOnlyMixin(ScopedViewSetMixin):
    """Records for officials only (their phones and notes are not public)."""

    permission_classes = [IsOfficial]


@describe(
    list=_("Cadres helping enterprises and projects (officials only). Read-only over the API."),
    retrieve=_("One cadre (officials only). Read-only over the API."),
)
class CadreViewSet(OfficialsOnlyMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Cadre.objects.select_related("district")
    serializer_class = CadreSerializer
    filterset_class = CadreFilterSet


@describe(
    list=_("Cadres assigned to enterprises and projects (officials only). Read-only over the API."),
    retrieve=_("One assignment (officials only). Read-only over the API."),
)
class AssignmentViewSet(OfficialsOnlyMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Assignment.objects.select_related(*SUBJECT_JOINS)
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet


@describe(
    list=_("Cadres' visits, calls and meetings (officials only). Read-only over the API."),
    retrieve=_("One visit (officials only). Read-only over the API."),
)
class VisitViewSet(OfficialsOnlyMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Visit.objects.select_related("district", *SUBJECT_JOINS)
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet


@describe(
    list=_(
        "Support enterprises received (tax refunds and fee cuts, loans, awards …): public, "
        "like the campaign's figures it makes; the description for officials only."
    ),
    retrieve=_("One support record. Read-only over the API."),
)
class SupportViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Support.objects.select_related("enterprise__district")
    serializer_class = SupportSerializer
    filterset_class = SupportFilterSet


@describe(
    list=_(
        "Meetings (dispatch meetings …) with the matters they assigned — ledger problems by "
        "tracking code, with their status — and the closure rate: the share of them resolved "
        "or closed (officials only)."
    ),
    retrieve=_("One meeting with its matters and closure rate (officials only)."),
)
class MeetingViewSet(OfficialsOnlyMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Meeting.objects.select_related("district")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet

    def get_queryset(self):
        done = ExpressionWrapper(problem_done(timezone.localdate()), output_field=BooleanField())
        user = self.request.user
        matters = (
            Problem.objects.visible_to(user)
            .annotate(is_done=done)
            .order_by("raised_on", "pk")
            .prefetch_related(Prefetch("carry_overs", queryset=CARRY_OVERS))
        )
        carried_in = CARRY_OVERS.filter(problem__in=Problem.objects.visible_to(user))
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("problems", queryset=matters, to_attr="listed_matters"),
                Prefetch("carried_over", queryset=carried_in, to_attr="listed_carried_in"),
            )
        )


@describe(
    list=_("The problem ledger (officials only)."),
    retrieve=_("One ledger entry by its tracking code (officials only)."),
)
class ProblemViewSet(
    OfficialsOnlyMixin,
    WorkflowActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Problem.objects.select_related(
        "district", "enterprise", "project", "meeting", "assignee", "duplicate_of"
    ).prefetch_related(Prefetch("carry_overs", queryset=CARRY_OVERS))
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    lookup_field = "tracking_code"
    throttle_scope = "feedback"
    workflow = services.PROBLEM_WORKFLOW

    def get_queryset(self):
        """Each row says whether it is overdue on the list's `as_of` day, else today."""
        day = parse_day(self.request.query_params.get("as_of")) if self.request else None
        return super().get_queryset().with_overdue(day or timezone.localdate())

    workflow_bodies = {
        "accept": ProblemAcceptSerializer,
        "reject": ProblemRejectSerializer,
        "resolve": ProblemResolveSerializer,
        "mark_duplicate": ProblemDuplicateSerializer,
    }

    def get_permissions(self):
        if self.action in ("create", "track", "rate", "reopen"):
            return [AllowAny()]
        return super().get_permissions()

    def get_throttles(self):
        # Guessing a phone to rate someone else's problem costs the feedback budget too.
        return [ScopedRateThrottle()] if self.action in ("create", "rate", "reopen") else []

    @extend_schema(
        request=ProblemFeedbackSerializer,
        responses={201: ProblemReceiptSerializer},
        description=_(
            "Report a problem as an enterprise (no token needed; a few per hour per client). "
            "The answer carries the tracking code to follow it at problems/track/<code>/."
        ),
    )
    def create(self, request, *args, **kwargs):
        body = ProblemFeedbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        problem = call_service(services.problem_submit_feedback, **body.validated_data)
        return Response(ProblemReceiptSerializer(problem).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=ProblemTrackSerializer,
        description=_(
            "The public status of one problem by its tracking code: status, category, dates "
            "and outcome, nothing about who reported it."
        ),
    )
    @action(detail=False, url_path=r"track/(?P<tracking_code>[^/]+)")
    def track(self, request, tracking_code):
        # The tracking code is the capability: whoever holds it may see the public status.
        problem = get_object_or_404(
            Problem.objects.with_overdue(timezone.localdate()),
            tracking_code=tracking_code.strip().upper(),
        )
        return Response(ProblemTrackSerializer(problem).data)

    @extend_schema(
        request=ProblemRateSerializer,
        responses=ProblemTrackSerializer,
        description=_(
            "The enterprise rates the outcome of its resolved problem (no token needed): the "
            "tracking code and the phone given with the problem prove who it is."
        ),
    )
    @action(detail=False, methods=["post"], url_path=r"track/(?P<tracking_code>[^/]+)/rate")
    def rate(self, request, tracking_code):
        body = ProblemRateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        problem = call_service(
            services.problem_rate, tracking_code=tracking_code, **body.validated_data
        )
        return Response(ProblemTrackSerializer(problem).data)

    @extend_schema(
        request=ProblemReopenSerializer,
        responses=ProblemTrackSerializer,
        description=_(
            "The enterprise reopens its resolved or closed problem within 15 days of the "
            "resolution (no token needed; the tracking code and the phone given with the "
            "problem prove who it is), saying why: it returns to its handler, in progress."
        ),
    )
    @action(detail=False, methods=["post"], url_path=r"track/(?P<tracking_code>[^/]+)/reopen")
    def reopen(self, request, tracking_code):
        body = ProblemReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        problem = call_service(
            services.problem_reopen, tracking_code=tracking_code, **body.validated_data
        )
        return Response(ProblemTrackSerializer(problem).data)
