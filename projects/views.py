"""Public pages about key projects: project list (+ export), project page, rounds,


Every page reads through the visibility gate (`project_list` / `.visible_to(user)`), so the
public sees published projects only, and every figure comes from projects.progress.

Export: `/projects/export.csv` and `/projects/export.xlsx` take the same query string as
`/projects/` (filters and sort; paging ignored) and return exactly the filtered rows.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.cache import CachedCountPaginator, PublicPageCacheMixin, data_version
from core.formulas import percent
from core.period import PeriodForm, UnknownVersion
from core.scoping import official_of

from . import exports
from .api.serializers import MapLayersSerializer
from .choices import WarningLight
from .filtersets import ProjectFilterSet, RoundEntryFilterSet
from .models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Milestone,
    Photo,
    PoolReview,
    ProgressReport,
    ResourceNeed,
    RoundEntry,
)
from .progress import monthly_completion, project_progress
from .rounds import listed_entries, round_progress
from .selectors import map_layers, plan_years, project_list

PAGE_SIZES = (20, 50, 100)
LATEST_UPDATES = 6

# Filters of ProjectFilterSet that only mean something to officials (the public sees
# published projects only, so "published: no" would always be empty for them).
OFFICIAL_ONLY_FILTERS = {"published"}

# Sortable columns of the list: (ordering key of ProjectFilterSet, column label).
SORTABLE_COLUMNS = {
    "name": _("Name"),
    "completion_rate": _("Completion rate"),
    "points_ahead": _("Points vs schedule"),
    "warning": _("Warning"),
    "stage": _("Stage"),
    "total_investment": _("Total investment"),
}
# Without a choice, the largest projects first (what readers of the list expect).
DEFAULT_ORDERING = "-total_investment"
# Columns whose first click sorts descending: by light, the red ones first.
DESCENDING_FIRST = {"warning"}


# --- The chosen year (and month) ----------------------------------------------------------


class PeriodMixin:
    """Reads `?year=` (and `?month=` where `with_month`) into self.period (core.period).

    Bad values are answered on the page (status 400) and the default period is shown:
    the newest closed reporting period.
    """

    with_month = False

    def dispatch(self, request, *args, **kwargs):
        years = plan_years()
        self.period_form = PeriodForm(request.GET or None, years=years, with_month=self.with_month)
        try:
            self.period = self.period_form.period()
        except UnknownVersion:
            raise Http404(_("This month has no such published version.")) from None
        self.year, self.month = self.period.year, self.period.month
        if not self.period_form.is_bound:
            self.period_form = PeriodForm(
                initial={"year": self.year, "month": self.month},
                years=years,
                with_month=self.with_month,
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def period_invalid(self):
        return self.period_form.is_bound and not self.period_form.is_valid()

    def render_to_response(self, context, **kwargs):
        if self.period_invalid:
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            period_form=self.period_form,
            period=self.period,
            year=self.year,
            month=self.month,
            **kwargs,
        )


# --- Project list and export ------------------------------------------------------------


def filtered_projects(request):
    """The project list as `/projects/` shows it: ProjectFilterSet over the visibility gate,
    largest investment first unless sorted otherwise.

    Check `is_valid()`; `filterset.period` is the period of the progress columns (the
    `year` filter's year up to its newest closed month, else the newest closed period).
    """
    query = request.GET.copy()
    query.setdefault("ordering", DEFAULT_ORDERING)
    filterset = ProjectFilterSet(query, queryset=project_list(user=request.user), request=request)
    if not official_of(request.user) and not request.user.is_superuser:
        for name in OFFICIAL_ONLY_FILTERS:
            filterset.filters.pop(name, None)
    return filterset


def without_empty_parameters(request):
    """A redirect to the same address without its empty parameters (a GET form sends every
    field, filled or not), so that a shared link names only the filters in use; else None."""
    pairs = [(key, value) for key, values in request.GET.lists() for value in values]
    kept = [(key, value) for key, value in pairs if value.strip()]
    if len(kept) == len(pairs):
        return None
    return redirect(f"{request.path}?{urlencode(kept)}" if kept else request.path)


def _query_without(query, *names):
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def active_filters(filterset):
    """The filters in use, each with its label, shown value and the URL that removes it."""
    query = filterset.request.GET
    active = []
    for name, field in filterset.form.fields.items():
        if name == "ordering" or not query.get(name):
            continue
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", []):
            continue
        shown = dict(getattr(field, "choices", ())).get(query.get(name), value)
        active.append(
            {
                "name": name,
                "label": field.label,
                "value": shown,
                "remove_query": _query_without(query, name, "page"),
            }
        )
    return active


def sort_columns(filterset):
    """Column headers: each links to its sort order, toggling the direction when current."""
    query = filterset.request.GET
    current = (filterset.form.cleaned_data.get("ordering") or [DEFAULT_ORDERING])[0]
    columns = {}
    for key, label in SORTABLE_COLUMNS.items():
        descending = current == f"-{key}"
        ascending = current == key
        target = query.copy()
        first_descending = key in DESCENDING_FIRST and not descending
        target["ordering"] = f"-{key}" if ascending or first_descending else key
        target.pop("page", None)
        columns[key] = {
            "label": label,
            "query": target.urlencode(),
            "sorted": "ascending" if ascending else "descending" if descending else "",
        }
    return columns


def page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


class ProjectListView(PublicPageCacheMixin, TemplateView):
    """`/projects/`: filter, sort, page and export; the URL carries the whole state."""

    template_name = "projects/project_list.html"

    def get(self, request, *args, **kwargs):
        cleaned = without_empty_parameters(request)
        if cleaned:
            return cleaned
        filterset = filtered_projects(request)
        valid = filterset.is_valid()
        rows = filterset.progress_qs if valid else filterset.queryset.none()
        size = page_size(request)
        page = CachedCountPaginator(rows, size).get_page(request.GET.get("page"))
        context = self.get_context_data(
            filterset=filterset,
            period=filterset.period,
            year=filterset.period.year,
            page_obj=page,
            projects=page.object_list,
            page_size=size,
            page_sizes=PAGE_SIZES,
            active_filters=active_filters(filterset) if valid else [],
            columns=sort_columns(filterset) if valid else {},
            export_query=_query_without(request.GET, "page", "page_size"),
            # The filter and sort forms' choices (includes/project_filters.html caches them).
            filters_version=data_version(request.user),
        )
        return self.render_to_response(context, status=200 if valid else 400)


class ProjectExportView(TemplateView):
    """`/projects/export.csv|xlsx?<filters>`: exactly the rows `/projects/` lists, unpaged."""

    def get(self, request, *args, fmt, **kwargs):
        filterset = filtered_projects(request)
        if not filterset.is_valid():
            errors = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
            )
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        year = filterset.period.year
        stamp = f"{timezone.localdate():%Y%m%d}"
        if fmt == "csv":
            return exports.projects_csv(
                filterset.progress_qs, year=year, filename=f"projects-{stamp}.csv"
            )
        return exports.projects_xlsx(
            filterset.progress_qs, year=year, filename=f"projects-{stamp}.xlsx"
        )


def map_context(projects, *, user):
    """What includes/map.html draws: `projects` (annotated with their progress) at their
    coordinates, the functional zones, and the words of the map."""
    layers = map_layers(projects, user=user)
    return {"map": MapLayersSerializer(layers).data, "map_labels": map_labels()}


def map_labels():
    """The words static/js/map.js shows (tooltips, legend), in the page's language."""
    return {
        "lights": {light.value: str(light.label) for light in WarningLight},
        "zone": str(_("Functional zone")),
        "zoneNote": str(_("Not an administrative area: marked at the centre of its projects.")),
        "stage": str(_("Stage")),
        "completionRate": str(_("Completion rate")),
        "pointsAhead": str(_("Points vs schedule")),
        "warning": str(_("Warning")),
        "totalInvestment": str(_("Total investment")),
        "unit": str(_("10k yuan")),
    }


# --- Project page --------------------------------------------------------------------------


def milestone_state(milestone):
    """done / overdue / due; `overdue` is annotated by MilestoneQuerySet.with_due_state()."""
    if milestone.actual_date:
        return "done"
    return "overdue" if milestone.overdue else "due"


MILESTONE_STATE_LABELS = {"done": _("Done"), "overdue": _("Overdue"), "due": _("Due")}


class ProjectDetailView(PublicPageCacheMixin, PeriodMixin, TemplateView):
    """`/projects/<code>/`: everything public about one project, for the chosen year."""

    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        project = get_object_or_404(project_list(user=user), code=self.kwargs["code"])
        today = timezone.localdate()
        milestones = [
            {
                "milestone": m,
                "state": milestone_state(m),
                "state_label": MILESTONE_STATE_LABELS[milestone_state(m)],
            }
            for m in Milestone.objects.visible_to(user)
            .filter(project=project)
            .with_due_state(today)
        ]
        monthly = monthly_completion(project, period=self.period)
        approvals = ApprovalItem.objects.visible_to(user).filter(project=project)
        progress = project_progress(project, period=self.period)
        funding = [
            {"row": row, "rate": percent(row.disbursed, row.secured)}
            for row in Funding.objects.visible_to(user).filter(project=project)
        ]
        photos = Photo.objects.visible_to(user)
        reports = (
            ProgressReport.objects.visible_to(user)
            .approved()
            .filter(project=project, year=self.year)
            .prefetch_related(Prefetch("photos", queryset=photos))
        )
        return super().get_context_data(
            project=project,
            progress=progress,
            plans=AnnualPlan.objects.visible_to(user).filter(project=project),
            monthly=[{**row, "label": MONTHS_AP[row["month"]]} for row in monthly],
            chart={
                "kind": "bar",
                "money": True,
                "unit": str(_("10k yuan")),
                "categories": [str(MONTHS_AP[row["month"]]) for row in monthly],
                "series": [
                    {
                        "name": str(_("Completed this year, cumulative")),
                        "kind": "line",
                        "data": [row["cumulative_investment"] for row in monthly],
                    },
                    {
                        "name": str(_("Completed in the month")),
                        "data": [row["completed_investment"] for row in monthly],
                    },
                ],
                "mark_line": {
                    "name": str(_("Annual plan")),
                    "value": progress["planned_investment"],
                },
            },
            milestones=milestones,
            funding=funding,
            approval_items=approvals.with_late(today),
            preliminary=approvals.board(today),
            pool_review=PoolReview.objects.visible_to(user).filter(project=project).first(),
            resource_needs=ResourceNeed.objects.visible_to(user)
            .filter(project=project)
            .with_gap()
            .select_related("raised_at"),
            round_entries=RoundEntry.objects.visible_to(user)
            .filter(project=project)
            .select_related("round"),
            reports=reports,
            project_photos=photos.filter(project=project, report__isnull=True),
            owner_labels=project.owner.labels.all() if project.owner else [],
            **map_context(
                project_list(user=user, period=self.period).filter(pk=project.pk),
                user=user,
            ),
            **kwargs,
        )


# --- Rounds ---------------------------------------------------------------------


class RoundListView(PublicPageCacheMixin, TemplateView):
    """`/rounds/?district=&round=&list=`: each "三个一批" round with its signed / started /
    in-production lists, their counts and investment, and the count over all rounds; then
    the projects on those lists, a page at a time (a province's rounds list thousands)."""

    template_name = "projects/round_list.html"

    def get(self, request, *args, **kwargs):
        cleaned = without_empty_parameters(request)
        if cleaned:
            return cleaned
        filterset = RoundEntryFilterSet(
            request.GET, queryset=RoundEntry.objects.visible_to(request.user), request=request
        )
        valid = filterset.is_valid()
        entries = filterset.qs if valid else filterset.queryset.none()
        size = page_size(request)
        page = CachedCountPaginator(listed_entries(entries), size).get_page(request.GET.get("page"))
        context = self.get_context_data(
            filterset=filterset,
            figures=round_progress(entries),
            page_obj=page,
            entries=page.object_list,
            page_size=size,
            page_sizes=PAGE_SIZES,
        )
        return self.render_to_response(context, status=200 if valid else 400)
