"""Public pages that span apps: the overview, the 赛马 rankings and each unit's page.

Their figures come from the `stats` package, over every app's records.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from districts.models import District, DistrictKind
from projects.choices import Stage
from projects.models import ProgressReport, RoundEntry
from projects.selectors import project_list
from projects.views import PeriodMixin
from stats.campaign import campaign_stats
from stats.funding import funding_stats
from stats.milestones import milestone_stats, start_and_production_rates
from stats.problems import problem_stats
from stats.progress import district_progress

LATEST_UPDATES = 6
# The page lists the unit's largest projects; the full list is one link away.
PROJECTS_SHOWN = 50


class DistrictDetailView(PeriodMixin, TemplateView):
    """`/districts/<code>/`. The city's own page shows city-wide figures."""

    template_name = "portal/district_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        district = get_object_or_404(District, code=self.kwargs["code"])
        is_city = district.kind == DistrictKind.CITY
        scope = None if is_city else district
        # The unit's entry of the whole 赛马 table, so its rank is the one /rankings/ shows.
        table = district_progress(period=self.period, user=user)
        if is_city:
            progress = table["city"]
        else:
            progress = next(row for row in table["results"] if row["district"] == district.code)
        projects = project_list(user=user, period=self.period).filter(district=district)
        entries = (
            RoundEntry.objects.visible_to(user)
            .filter(project__district=district)
            .select_related("round", "project")
            .order_by("-round__held_on", "round__number", "round_list", "project__code")
        )
        return super().get_context_data(
            district=district,
            is_city=is_city,
            progress=progress,
            unit_count=len(table["results"]),
            campaign=campaign_stats(year=self.year, district=scope, user=user),
            problems=problem_stats(year=self.year, district=scope, user=user),
            funding=funding_stats(year=self.year, district=scope, user=user),
            milestones=milestone_stats(
                year=self.year, district=scope, user=user, as_of=self.period.as_of
            ),
            starts=start_and_production_rates(
                year=self.year, district=scope, user=user, as_of=self.period.as_of
            ),
            projects=projects.order_by("-total_investment", "code")[:PROJECTS_SHOWN],
            project_count=projects.count(),
            round_entries=entries,
            **kwargs,
        )


def ranking_chart(progress):
    """Chart data for the 赛马 table: completion rate per unit against the schedule rate."""
    return {
        "kind": "bar",
        "horizontal": True,
        "unit": "%",
        "categories": [row["name"] for row in progress["results"]],
        "series": [
            {
                "name": str(_("Completion rate")),
                "data": [row["completion_rate"] for row in progress["results"]],
            }
        ],
        "mark_line": {"name": str(_("Schedule rate")), "value": progress["city"]["schedule_rate"]},
    }


class HomeView(PeriodMixin, TemplateView):
    """`/`: the city at a glance for the chosen year."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        progress = district_progress(period=self.period, user=user)
        latest = (
            ProgressReport.objects.visible_to(user)
            .approved()
            .up_to(self.period)
            .select_related("project", "project__district")
            .order_by("-year", "-month", "-reviewed_at", "-pk")[:LATEST_UPDATES]
        )
        return super().get_context_data(
            progress=progress,
            chart=ranking_chart(progress),
            problems=problem_stats(year=self.year, user=user),
            funding=funding_stats(year=self.year, user=user),
            latest_reports=latest,
            units=District.objects.units(),
            stages=Stage.choices,
            **kwargs,
        )


class RankingsView(PeriodMixin, TemplateView):
    """`/rankings/?year=&month=`: the monthly "赛马" bulletin, printable."""

    template_name = "portal/rankings.html"
    with_month = True

    def get_context_data(self, **kwargs):
        progress = district_progress(period=self.period, user=self.request.user)
        return super().get_context_data(
            progress=progress,
            chart=ranking_chart(progress),
            month_label=MONTHS_AP[progress["month"]] if progress["month"] else None,
            printed_on=timezone.localdate(),
            **kwargs,
        )
