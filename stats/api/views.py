"""The statistics endpoints: figure groups of the `stats` package for a period."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ApiViewMixin
from core.api.conditional import make_etag
from core.api.period import PeriodQuerySerializer
from core.scoping import scope_of
from projects.filtersets import RoundEntryFilterSet
from projects.models import RoundEntry
from projects.rounds import round_progress
from stats.campaign import campaign_stats
from stats.funding import funding_stats
from stats.preparation import preparation_stats
from stats.problems import problem_stats
from stats.progress import district_progress
from stats.published import record_of
from stats.report_flags import report_flag_counts
from stats.warnings import warning_counts

from .serializers import (
    CampaignStatsSerializer,
    DistrictFilterQuerySerializer,
    DistrictStatsSerializer,
    FundingStatsSerializer,
    PreparationStatsSerializer,
    ProblemStatsSerializer,
    ReportFlagStatsSerializer,
    RoundStatsSerializer,
    WarningStatsSerializer,
)


class StatsView(ApiViewMixin, APIView):
    """A figure group of the stats package for the query's period (and district).

    Anonymous callers get public figures (published projects only); officials (session or
    token) figures over everything in their scope; the response says which (`scope`).
    """

    query_serializer = DistrictFilterQuerySerializer
    response_serializer = None
    compute = None  # (validated query, user) -> figures

    def _query(self, request):
        if getattr(self, "_valid_query", None) is None:
            query = self.query_serializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            self._valid_query = query.validated_data
        return self._valid_query

    def conditional_validators(self, request):
        """A published month's figures never change: its ETag names the version read and the
        record the viewer reads (public or all), its Last-Modified the publication. A live
        month's follow the data stamp."""
        query = self.query_serializer(data=request.query_params)
        if not query.is_valid():
            return None, None  # the handler answers 400
        self._valid_query = query.validated_data
        published = self._valid_query["period"].published
        if published is None:
            return super().conditional_validators(request)
        etag = make_etag(
            "published",
            published.pk,
            published.published_at.isoformat(),
            record_of(request.user),
            scope_of(request.user),
            request.get_full_path(),
        )
        return etag, published.published_at.timestamp()

    def get(self, request):
        figures = type(self).compute(self._query(request), request.user)
        return Response(self.response_serializer(figures, context={"request": request}).data)


def stats_view(response, description, compute, query=DistrictFilterQuerySerializer):
    """A statistics endpoint: its query, response shape, documentation and figures."""
    view = type(
        f"{response.__name__.removesuffix('Serializer')}View",
        (StatsView,),
        {
            "query_serializer": query,
            "response_serializer": response,
            "compute": staticmethod(compute),
        },
    )
    schema = extend_schema(parameters=[query], responses=response, description=description)
    return extend_schema_view(get=schema)(view)


def _by_year(figures):
    """A figure group of the query's period, for the city or a district."""
    return lambda query, user: figures(
        period=query["period"], district=query.get("district"), user=user
    )


DistrictStatsView = stats_view(
    DistrictStatsSerializer,
    _(
        "Investment progress of the city and of every reporting unit for a year up to a "
        "month, ranked (赛马) by completion rate, then by problem resolution rate. Amounts "
        "are decimal strings in 10k yuan; rates are percentages with one decimal, null when "
        "undefined."
    ),
    lambda query, user: district_progress(period=query["period"], user=user),
    query=PeriodQuerySerializer,
)
ProblemStatsView = stats_view(
    ProblemStatsSerializer,
    _(
        "The problem ledger for a year: raised (every problem collected, whatever its "
        "status), accepted, resolved, resolution rate ((resolved + closed) ÷ accepted), "
        "rated, satisfaction rate and overdue. Rates are percentages with one decimal, null "
        "when undefined."
    ),
    _by_year(problem_stats),
)
FundingStatsView = stats_view(
    FundingStatsSerializer,
    _(
        "Funding secured and disbursed in a year, by kind and pooled over all kinds "
        "(`disbursement_rate` = disbursed ÷ secured). Amounts are decimal strings in 10k "
        "yuan; rates are percentages with one decimal, null when undefined."
    ),
    _by_year(funding_stats),
)
CampaignStatsView = stats_view(
    CampaignStatsSerializer,
    _(
        "The 万人助万企 campaign in a year: cadres deployed, enterprises covered, visits, "
        "dispatch meetings and the matters they assigned and solved, support by kind (退税减费, "
        "贷款, 奖补 …) and approval items past their promised limit."
    ),
    _by_year(campaign_stats),
)
WarningStatsView = stats_view(
    WarningStatsSerializer,
    _(
        "Warning lights (预警) per reporting unit: how many projects of the unit's year list "
        "(an annual plan for the year) are red, yellow or green for the year up to the month. "
        "Anonymous callers count published projects only."
    ),
    lambda query, user: warning_counts(period=query["period"], user=user),
    query=PeriodQuerySerializer,
)

ReportFlagStatsView = stats_view(
    ReportFlagStatsSerializer,
    _(
        "Plausibility flags per reporting unit: the monthly reports submitted or approved for "
        "the year up to the month, how many are flagged and how many carry each flag "
        "(cumulative_decrease, exceeds_funding, jump, photo_outside_month, "
        "photo_far_from_site). Anonymous callers count approved reports of published projects."
    ),
    lambda query, user: report_flag_counts(period=query["period"], user=user),
    query=PeriodQuerySerializer,
)

PreparationStatsView = stats_view(
    PreparationStatsSerializer,
    _(
        "前期手续 and 要素保障 of the city or a district: the approval items required, done "
        "and late on the period's last day (`as_of`), and the resource needs per factor "
        "(needed, secured, gap = needed − secured, projects with a gap). Anonymous callers "
        "count published projects only."
    ),
    _by_year(preparation_stats),
)


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
