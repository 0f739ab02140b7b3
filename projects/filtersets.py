"""FilterSets for key projects: one per model, used by the public pages and the API alike."""

import django_filters
from django.utils import timezone
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
    code_filter,
    date_range,
    ordering_filter,
    visible_code_filter,
)
from districts.models import District

from .choices import Category, FundingKind, Level, MilestoneKind, Nature, ReportStatus, Stage
from .models import Funding, Industry, Milestone, ProgressReport, Project, Round


class ProjectFilterSet(django_filters.FilterSet):
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
    search = SearchFilter(fields=["name", "code", "national_code", "owner__name"])
    ordering = StableOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("total_investment", "total_investment"),
            ("stage", "stage"),
            ("planned_start", "planned_start"),
        ),
        field_labels={
            "code": _("Project code"),
            "name": _("Name"),
            "total_investment": _("Total investment"),
            "stage": _("Stage"),
            "planned_start": _("Planned start"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Project
        fields = []

    @extend_schema_field(OpenApiTypes.STR)  # a round code
    def filter_round(self, queryset, name, value):
        return queryset.filter(pk__in=value.entries.values("project"))

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
    ordering = ordering_filter(
        "year", "month", ("project__code", "project"), "completed_investment", "updated_at"
    )

    class Meta(ProjectPartFilterSet.Meta):
        model = ProgressReport


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


class RoundFilterSet(django_filters.FilterSet):
    district = code_filter(District.objects.all(), _("District"))
    year = YearFilter(field_name="held_on__year", label=_("Year held"))
    search = SearchFilter(fields=["name", "code"])
    ordering = ordering_filter("held_on", "number", "code")

    class Meta:
        model = Round
        fields = []
