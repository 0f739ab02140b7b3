"""FilterSets for key projects: one per model, used by the public pages and the API alike."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    BooleanChoiceFilter,
    FlagFilter,
    MoneyFilter,
    MonthFilter,
    SearchFilter,
    StableOrderingFilter,
    YearFilter,
    choice_order,
    code_filter,
    date_range,
    ordering_filter,
    visible_code_filter,
)
from core.period import resolve_period
from districts.models import District

from .choices import (
    Category,
    FundingKind,
    Level,
    MilestoneKind,
    Nature,
    PoolReviewStatus,
    ReportStatus,
    RoundList,
    Stage,
    WarningLight,
)
from .models import (
    Funding,
    Industry,
    Milestone,
    PoolReview,
    ProgressReport,
    Project,
    Round,
    RoundEntry,
)
from .plausibility import FLAGS, with_flags
from .progress import annotate_progress

# Sorting by light puts red after yellow after green (descending: red first).
WARNING_SEVERITY = choice_order("warning", WarningLight)
# Sort keys (ordering parameters, without the "-") that read the progress annotations.
PROGRESS_SORTS = {"completion_rate", "points_ahead", "warning_severity", "warning"}


class ProjectFilterSet(django_filters.FilterSet):
    """Projects, with their progress and light for the list's period (`period`), so that
    rates and lights can be sorted on the same way on the pages and in the API."""

    district = code_filter(District.objects.all(), _("District"))
    industry = code_filter(Industry.objects.all(), _("Industry"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    nature = django_filters.ChoiceFilter(choices=Nature.choices, label=_("Nature"))
    round = code_filter(Round.objects.all(), _("“Three batches” round"), method="filter_round")
    year = YearFilter(method="filter_year", label=_("Year with a plan"))
    min_investment = MoneyFilter(
        field_name="total_investment",
        lookup_expr="gte",
        label=_("Minimum total investment (10k yuan)"),
    )
    max_investment = MoneyFilter(
        field_name="total_investment",
        lookup_expr="lte",
        label=_("Maximum total investment (10k yuan)"),
    )
    published = BooleanChoiceFilter(field_name="is_published", label=_("Published"))
    warning = django_filters.ChoiceFilter(
        choices=WarningLight.choices, method="filter_warning", label=_("Warning")
    )
    search = SearchFilter(fields=["name", "code", "national_code", "owner__name"])
    ordering = StableOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("total_investment", "total_investment"),
            ("stage", "stage"),
            ("planned_start", "planned_start"),
            ("completion_rate", "completion_rate"),
            ("points_ahead", "points_ahead"),
            ("warning_severity", "warning"),
        ),
        field_labels={
            "code": _("Project code"),
            "name": _("Name"),
            "total_investment": _("Total investment"),
            "stage": _("Stage"),
            "planned_start": _("Planned start"),
            "completion_rate": _("Completion rate"),
            "points_ahead": _("Points vs schedule"),
            "warning_severity": _("Warning (green to red)"),
            "-warning": _("Warning (red first)"),
        },
        nulls_last=("completion_rate", "points_ahead"),
        label=_("Sort by"),
    )

    class Meta:
        model = Project
        fields = []

    @cached_property
    def period(self):
        """The period of the progress columns (core.period): the `year` filter's year up to
        its newest closed month, else the newest closed period."""
        return resolve_period(self.form.cleaned_data.get("year") if self.is_valid() else None)

    def _sorts_or_filters_on_progress(self):
        data = self.form.cleaned_data
        sorts = {param.lstrip("-") for param in data.get("ordering") or []}
        return bool(data.get("warning")) or bool(sorts & PROGRESS_SORTS)

    def _with_progress(self, queryset):
        projects = annotate_progress(queryset, period=self.period)
        return projects.annotate(warning_severity=WARNING_SEVERITY)

    def filter_queryset(self, queryset):
        """The filtered rows, with their progress only when a filter or the sort reads it
        (the API list does not show it, and its subqueries cost more than the page)."""
        if self._sorts_or_filters_on_progress():
            queryset = self._with_progress(queryset)
        return super().filter_queryset(queryset)

    @cached_property
    def progress_qs(self):
        """`qs` with each row's progress and light for `period`: what lists, exports and
        the map show."""
        if "warning" in self.qs.query.annotations:
            return self.qs
        return self._with_progress(self.qs)

    @extend_schema_field(OpenApiTypes.STR)  # a round code
    def filter_round(self, queryset, name, value):
        return queryset.filter(pk__in=value.entries.values("project"))

    def filter_warning(self, queryset, name, value):
        return queryset.filter(warning=value)  # the light annotated for `period`

    def filter_year(self, queryset, name, value):
        return queryset.filter(annual_plans__year=value)


class IndustryFilterSet(django_filters.FilterSet):
    search = SearchFilter(fields=["name", "code"])
    ordering = ordering_filter("order", "code", "name")

    class Meta:
        model = Industry
        fields = []


class ProjectPartFilterSet(django_filters.FilterSet):
    """Filters every record that belongs to one project has: its project and district."""

    project = visible_code_filter(Project, _("Project"))
    district = code_filter(District.objects.all(), _("District"), field_name="project__district")
    search = SearchFilter(fields=["project__name", "project__code"])

    class Meta:
        fields = []


class ProgressReportFilterSet(ProjectPartFilterSet):
    year = YearFilter(label=_("Year"))
    month = MonthFilter(label=_("Month"))
    until_month = MonthFilter(field_name="month", lookup_expr="lte", label=_("Up to month"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    flagged = FlagFilter(
        rows=lambda: with_flags(ProgressReport.objects.all()).filter(flagged=True),
        label=_("Flagged for checking (any plausibility flag)"),
    )
    flag = django_filters.ChoiceFilter(
        choices=list(FLAGS.items()), method="filter_flag", label=_("Plausibility flag")
    )
    ordering = ordering_filter(
        "year",
        "month",
        ("project__code", "project"),
        "completed_investment",
        "updated_at",
        "reviewed_at",
    )

    class Meta(ProjectPartFilterSet.Meta):
        model = ProgressReport

    def filter_flag(self, queryset, name, value):
        flagged = with_flags(ProgressReport.objects.all()).filter(**{f"flag_{value}": True})
        return queryset.filter(pk__in=flagged.values("pk"))


class MilestoneFilterSet(ProjectPartFilterSet):
    kind = django_filters.ChoiceFilter(choices=MilestoneKind.choices, label=_("Kind"))
    year = YearFilter(field_name="planned_date__year", label=_("Year of the planned date"))
    planned_after, planned_before = date_range(
        "planned_date", _("Planned on or after"), _("Planned on or before")
    )
    overdue = FlagFilter(
        rows=lambda: Milestone.objects.overdue(timezone.localdate()),
        label=_("Overdue (planned date passed, not reached)"),
    )
    ordering = ordering_filter("planned_date", "actual_date", ("project__code", "project"))

    class Meta(ProjectPartFilterSet.Meta):
        model = Milestone


class FundingFilterSet(ProjectPartFilterSet):
    kind = django_filters.ChoiceFilter(choices=FundingKind.choices, label=_("Funding kind"))
    year = YearFilter(label=_("Year"))
    ordering = ordering_filter("year", "kind", "secured", "disbursed", ("project__code", "project"))

    class Meta(ProjectPartFilterSet.Meta):
        model = Funding


class PoolReviewFilterSet(ProjectPartFilterSet):
    """入库 reviews: by status (proposed, approved, returned) and the project's stage."""

    status = django_filters.ChoiceFilter(choices=PoolReviewStatus.choices, label=_("Status"))
    stage = django_filters.ChoiceFilter(
        field_name="project__stage", choices=Stage.choices, label=_("Stage")
    )
    ordering = ordering_filter("proposed_at", ("project__code", "project"))

    class Meta(ProjectPartFilterSet.Meta):
        model = PoolReview


class RoundFilterSet(django_filters.FilterSet):
    district = code_filter(District.objects.all(), _("District"))
    year = YearFilter(field_name="held_on__year", label=_("Year held"))
    search = SearchFilter(fields=["name", "code"])
    ordering = ordering_filter("held_on", "number", "code")

    class Meta:
        model = Round
        fields = []


class RoundEntryFilterSet(django_filters.FilterSet):
    """The entries of "三个一批" rounds: a unit's (its own rounds, and its projects on
    city-wide ones), one round's, one list's."""

    district = code_filter(District.objects.all(), _("District"), method="filter_district")
    round = code_filter(Round.objects.all(), _("“Three batches” round"))
    list = django_filters.ChoiceFilter(
        field_name="round_list", choices=RoundList.choices, label=_("List")
    )

    class Meta:
        model = RoundEntry
        fields = []

    @extend_schema_field(OpenApiTypes.STR)  # a district code
    def filter_district(self, queryset, name, value):
        return queryset.filter(
            Q(round__district=value) | Q(round__district__isnull=True, project__district=value)
        )
