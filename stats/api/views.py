"""The statistics endpoints: figure groups of the `stats` package for a period."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ApiViewMixin
from core.api.period import PeriodQuerySerializer
from core.api.permissions import scope_of
from projects.filtersets import RoundEntryFilterSet
from projects.models import RoundEntry
from projects.progress import requested_period
from projects.rounds import round_progress
from stats.funding import funding_stats
from stats.problems import problem_stats
from stats.progress import district_progress
from stats.warnings import warning_counts

from .serializers import (
    DistrictFilterQuerySerializer,
    DistrictStatsSerializer,
    FundingStatsSerializer,
    ProblemStatsSerializer,
    RoundStatsSerializer,
    WarningStatsSerializer,
)


class StatsView(ApiViewMixin, APIView):
    """A figure group of the stats package for the query's period (and district).

    Statistics are public: they are computed over all records, as DESIGN.md says.
    """

    def get(self, request):
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(self.response_serializer(self.figures(query.validated_data)).data)


def stats_schema(query, response, description):
    return extend_schema_view(
        get=extend_schema(parameters=[query], responses=response, description=description)
    )


@stats_schema(
    PeriodQuerySerializer,
    DistrictStatsSerializer,
    _(
        "Investment progress of the city and of every reporting unit for a year up to a "
        "month, ranked (赛马) by completion rate, then by problem resolution rate. Amounts "
        "are decimal strings in 10k yuan; rates are percentages with one decimal, null when "
        "undefined."
    ),
)
class DistrictStatsView(StatsView):
    query_serializer = PeriodQuerySerializer
    response_serializer = DistrictStatsSerializer

    def figures(self, query):
        year, month = requested_period(query)
        return district_progress(year=year, month=month)


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

    def figures(self, query):
        year, _month = requested_period(query)
        return problem_stats(year=year, district=query.get("district"))


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

    def figures(self, query):
        year, _month = requested_period(query)
        return funding_stats(year=year, district=query.get("district"))


@stats_schema(
    PeriodQuerySerializer,
    WarningStatsSerializer,
    _(
        "Warning lights (预警) per reporting unit: how many projects of the unit's year list "
        "(an annual plan for the year) are red, yellow or green for the year up to the month. "
        "Anonymous callers count published projects only."
    ),
)
class WarningStatsView(StatsView):
    query_serializer = PeriodQuerySerializer
    response_serializer = WarningStatsSerializer

    def figures(self, query):
        year, month = requested_period(query)
        counts = warning_counts(user=self.request.user, year=year, month=month)
        return {**counts, "scope": scope_of(self.request.user)}


@extend_schema(
    filters=True,
    responses=RoundStatsSerializer,
    description=_(
        "“Three batches” (三个一批) rounds in the order held, each list with its projects, "
        "their total investment and how many have reached the list's stage (signed; under "
        "construction or later; producing); `total` counts the distinct projects over all "
        "lists (累计). Anonymous callers see published projects only."
    ),
)
class RoundStatsView(ApiViewMixin, GenericAPIView):
    filterset_class = RoundEntryFilterSet

    def get_queryset(self):
        return RoundEntry.objects.visible_to(self.request.user)

    def get(self, request):
        figures = round_progress(self.filter_queryset(self.get_queryset()))
        figures["scope"] = scope_of(request.user)
        return Response(RoundStatsSerializer(figures).data)
