"""The statistics endpoints: figure groups of the `stats` package for a period."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ApiViewMixin
from core.api.period import PeriodQuerySerializer
from stats.funding import funding_stats
from stats.problems import problem_stats
from stats.progress import district_progress

from .serializers import (
    DistrictFilterQuerySerializer,
    DistrictStatsSerializer,
    FundingStatsSerializer,
    ProblemStatsSerializer,
)


class StatsView(ApiViewMixin, APIView):
    """A figure group of the stats package for the query's period (and district).

    Anonymous callers get public figures (published projects only); officials (session or
    token) figures over everything in their scope; the response says which (`scope`).
    """

    def get(self, request):
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = self.figures(query.validated_data, request.user)
        return Response(self.response_serializer(figures, context={"request": request}).data)


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

    def figures(self, query, user):
        return district_progress(period=query["period"], user=user)


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

    def figures(self, query, user):
        return problem_stats(year=query["period"].year, district=query.get("district"), user=user)


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

    def figures(self, query, user):
        return funding_stats(year=query["period"].year, district=query.get("district"), user=user)
