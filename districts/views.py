"""Public page of one reporting unit: its figures for the year, its projects, its rounds."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from projects.models import RoundEntry
from projects.selectors import project_list
from projects.stats import (
    district_progress,
    funding_stats,
    milestone_stats,
    problem_stats,
    start_and_production_rates,
)
from projects.views import PeriodMixin

from .models import District, DistrictKind

# The page lists the unit's largest projects; the full list is one link away.
PROJECTS_SHOWN = 50


class DistrictDetailView(PeriodMixin, TemplateView):
    """`/districts/<code>/`. The city's own page shows city-wide figures."""

    template_name = "districts/district_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        district = get_object_or_404(District, code=self.kwargs["code"])
        is_city = district.kind == DistrictKind.CITY
        scope = None if is_city else district
        if is_city:
            progress = district_progress(year=self.year, month=self.month)["city"]
        else:
            progress = district_progress(year=self.year, month=self.month, districts=[district])[
                "results"
            ][0]
        projects = project_list(user=user, year=self.year).filter(district=district)
        entries = (
            RoundEntry.objects.visible_to(user)
            .filter(project__district=district)
            .select_related("round", "project")
            .order_by("-round__held_on", "round__number", "list", "project__code")
        )
        return super().get_context_data(
            district=district,
            is_city=is_city,
            progress=progress,
            problems=problem_stats(year=self.year, district=scope),
            funding=funding_stats(year=self.year, district=scope),
            milestones=milestone_stats(year=self.year, district=scope),
            starts=start_and_production_rates(year=self.year, district=scope),
            projects=projects.order_by("-total_investment", "code")[:PROJECTS_SHOWN],
            project_count=projects.count(),
            round_entries=entries,
            **kwargs,
        )
