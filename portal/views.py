"""Public pages that span apps: the overview, the 赛马 rankings and each unit's page.

Their figures come from the `stats` package, over every app's records.
"""

import datetime

from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dates import MONTHS_AP
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.cache import PublicPageCacheMixin, data_version
from core.period import UnknownVersion, month_label, resolve_period
from core.scoping import scope_of, sees_everything
from core.validators import whole_number
from districts.models import District, DistrictKind
from enterprises.models import Support
from projects.choices import RoundList, Stage, WarningLight
from projects.models import Project, RoundEntry
from projects.selectors import (
    latest_approved_reports,
    preliminary_board,
    project_list,
    resource_totals,
    year_list,
)
from projects.views import PeriodMixin, ProjectListView, map_context, map_labels
from stats.bulletin import bulletin
from stats.bulletin_documents import render_docx, render_pdf
from stats.campaign import campaign_stats
from stats.funding import funding_stats
from stats.links import api_list
from stats.milestones import milestone_stats, start_and_production_rates
from stats.problems import problem_stats
from stats.progress import district_progress
from stats.published import described
from stats.report_flags import unit_flag_counts
from stats.warnings import warning_counts

LATEST_UPDATES = 6
# The page lists the unit's largest projects; the full list is one link away.
PROJECTS_SHOWN = 50
SUPPORT_SHOWN = 50
# The bulletin lists this many red lights at most, the furthest behind schedule.
LAGGING_SHOWN = 100


class DistrictDetailView(PublicPageCacheMixin, PeriodMixin, TemplateView):
    """`/districts/<code>/`. The city's own page shows city-wide figures."""

    template_name = "portal/district_detail.html"
    with_month = True

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
        # Each round's lists with their number of the unit's projects (the names are one
        # link away, on /rounds/): a unit may have thousands of entries.
        rounds = (
            RoundEntry.objects.visible_to(user)
            .filter(project__district=district)
            .values("round__code", "round__name", "round__held_on", "round_list")
            .annotate(projects=Count("pk"))
            .order_by("-round__held_on", "round__number", "round_list")
        )
        return super().get_context_data(
            district=district,
            is_city=is_city,
            progress=progress,
            unit_count=len(table["results"]),
            campaign=campaign_stats(period=self.period, district=scope, user=user),
            problems=problem_stats(period=self.period, district=scope, user=user),
            funding=funding_stats(period=self.period, district=scope, user=user),
            milestones=milestone_stats(period=self.period, district=scope, user=user),
            # A reviewer's aid, for officials: at 100,000 projects it is a query of its own
            # over every report of the year (2.5 s for a unit), which the public page's first
            # request after each approval would wait for.
            report_flags=(
                unit_flag_counts(period=self.period, district=scope, user=user)
                if scope_of(user) == "official"
                else None
            ),
            starts=start_and_production_rates(period=self.period, district=scope, user=user),
            projects=projects.order_by("-total_investment", "code")[:PROJECTS_SHOWN],
            project_count=projects.count(),
            round_lists=[{**row, "label": RoundList(row["round_list"]).label} for row in rounds],
            rounds_version=data_version(user),
            **project_life_context(self.period, scope, user),
            **support_context(self.period, scope),
            **map_context(projects, user=user),
            **kwargs,
        )


def project_life_context(period, district, user):
    """The unit's 前期手续 board (as of the period's day) and 要素保障 totals, over the
    projects the viewer may see (the city's: all units')."""
    projects = Project.objects.visible_to(user)
    if district is not None:
        projects = projects.filter(district=district)
    return {
        "preliminary": preliminary_board(projects=projects, as_of=period.as_of),
        "resources": resource_totals(projects=projects),
    }


def support_context(period, district):
    """The support rows behind the campaign's support figures (the period's year up to its
    day), newest first: the first SUPPORT_SHOWN, their number and the API list of all."""
    first = datetime.date(period.year, 1, 1)
    rows = Support.objects.filter(granted_on__range=(first, period.as_of)).select_related(
        "enterprise"
    )
    if district is not None:
        rows = rows.filter(enterprise__district=district)
    code = getattr(district, "code", None)
    return {
        "support_rows": rows.order_by("-granted_on", "pk")[:SUPPORT_SHOWN],
        "support_count": rows.count(),
        "support_url": api_list("support", district=code, year=period.year, as_of=period.as_of),
    }


def with_lights(progress, *, period, user):
    """The 赛马 table with each unit's red, yellow and green lights (`lights`) beside it,
    for the same period."""
    lights = warning_counts(period=period, user=user)
    per_unit = {row["district"]: row for row in lights["results"]}
    for row in progress["results"]:
        row["lights"] = per_unit.get(row["district"])
    progress["city"]["lights"] = lights["city"]
    return progress


def revisions(period, user):
    """The published month's versions, each with its changes in the viewer's record."""
    if period.published is None:
        return []
    record = "all" if sees_everything(user) else "public"
    return [
        {
            "number": version.number,
            "published_at": version.published_at,
            "changes": [described(change) for change in (version.changes or {}).get(record, [])],
        }
        for version in period.published.period.versions.order_by("number")
    ]


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


class HomeView(PublicPageCacheMixin, PeriodMixin, TemplateView):
    """`/`: the city at a glance for the chosen year."""

    template_name = "portal/home.html"
    with_month = True

    def get_context_data(self, **kwargs):
        user = self.request.user
        progress = with_lights(
            district_progress(period=self.period, user=user), period=self.period, user=user
        )
        latest = latest_approved_reports(user=user, period=self.period, count=LATEST_UPDATES)
        return super().get_context_data(
            progress=progress,
            chart=ranking_chart(progress),
            problems=problem_stats(period=self.period, user=user),
            funding=funding_stats(period=self.period, user=user),
            latest_reports=latest,
            units=District.objects.units(),
            stages=Stage.choices,
            **kwargs,
        )


class RankingsView(PublicPageCacheMixin, PeriodMixin, TemplateView):
    """`/rankings/?year=&month=`: the monthly "赛马" bulletin, printable: each unit's figures
    and lights, and the projects behind the red lights."""

    template_name = "portal/rankings.html"
    with_month = True

    def get_context_data(self, **kwargs):
        user = self.request.user
        progress = with_lights(
            district_progress(period=self.period, user=user), period=self.period, user=user
        )
        # The furthest behind of the red lights, as many as a bulletin holds; all of them
        # are one link away (the project list filtered by light).
        furthest_behind = (
            year_list(user=user, period=self.period)
            .filter(warning=WarningLight.RED)
            .order_by(F("points_ahead").asc(nulls_last=True), "project")
            .values("project")[:LAGGING_SHOWN]
        )
        lagging = (
            project_list(user=user, period=self.period)
            .filter(pk__in=furthest_behind)
            .order_by("district__order", F("points_ahead").asc(nulls_last=True), "code")
        )
        return super().get_context_data(
            progress=progress,
            chart=ranking_chart(progress),
            month_label=MONTHS_AP[progress["month"]] if progress["month"] else None,
            lagging=lagging,
            lagging_count=progress["city"]["lights"]["red"],
            issuer=District.objects.city(),
            printed_on=timezone.localdate(),
            revisions=revisions(self.period, user),
            **kwargs,
        )


class BulletinView(View):
    """`/rankings/bulletin/<YYYY-MM>.docx|.pdf?version=N`: a published version's bulletin as
    a document to send and file (the newest version by default; 404 for a month not
    published). A version never changes: its ETag names it, and a match answers 304."""

    RENDERERS = {
        "docx": (
            render_docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "pdf": (render_pdf, "application/pdf"),
    }

    def get(self, request, year, month, kind):
        version = request.GET.get("version")
        if version is not None and whole_number(version) is None:
            raise Http404(_("This month has no such published version."))
        try:
            period = resolve_period(int(year), int(month), int(version) if version else None)
        except UnknownVersion:
            raise Http404(_("This month has no such published version.")) from None
        if period.published is None or period.month != int(month):
            raise Http404(_("This month is not published."))
        etag = f'"bulletin-{period.published.pk}-{kind}-{get_language()}"'
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            return unchanged
        render, content_type = self.RENDERERS[kind]
        response = HttpResponse(render(bulletin(period)), content_type=content_type)
        name = f"bulletin-{period.year}-{period.month:02d}-v{period.version}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["ETag"] = etag
        return response


class MapView(ProjectListView):
    """`/map/`: the projects `/projects/` lists for the same filters, on a map of the city's
    counties and districts, with the same table below it."""

    template_name = "portal/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context.get("filterset")
        if filterset is not None and filterset.is_valid():
            context.update(map_context(filterset.progress_qs, user=self.request.user))
        return context


class ScreenView(TemplateView):
    """`/screen/`: the dispatch room's wall display (1920×1080, dark): the map, the 赛马,
    lights per unit, "三个一批", the problem ledger and the latest approved reports.

    static/js/screen.js fetches every figure from the API (anonymous: the public scope) and
    fetches again every minute, or every `?refresh=` seconds; without the network it keeps
    showing the last figures and says since when.
    """

    template_name = "portal/screen.html"
    REFRESH_SECONDS = 60
    REPORTS_SHOWN = 4  # as many as the tile holds at 1920×1080 and 1366×768

    def refresh_seconds(self):
        value = whole_number(self.request.GET.get("refresh"))
        return value if value and value <= 3600 else self.REFRESH_SECONDS

    def get_context_data(self, **kwargs):
        screen = {
            "refresh": self.refresh_seconds(),
            "api": {
                "districts": reverse("stats-districts"),
                "warnings": reverse("stats-warnings"),
                "rounds": reverse("stats-rounds"),
                "problems": reverse("stats-problems"),
                "map": reverse("project-map"),
                "reports": reverse("progress-report-list"),
            },
            "projectUrl": reverse("projects:detail", args=["CODE"]),
            "latestReports": self.REPORTS_SHOWN,
            "labels": {
                "period": str(_("Data up to {month}")),
                "refreshed": str(_("Refreshed at {time}")),
                "offline": str(_("No connection: showing the figures of {time}. Retrying.")),
                "scheduleRate": str(_("Schedule rate")),
                "round": str(_("{district} round {number}")),
                "lists": {value: str(label) for value, label in RoundList.choices},
                # The one month format (core.period.month_label) of each month, "{year}" for
                # the year: "{year} 年 5 月", "May {year}".
                "months": [month_label(2000, m).replace("2000", "{year}") for m in range(1, 13)],
            },
        }
        return super().get_context_data(screen=screen, map_labels=map_labels(), **kwargs)
