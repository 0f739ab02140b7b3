"""FilterSets for key projects: one per model, used by the public pages and the API alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from districts.filters import BooleanChoiceFilter, SearchFilter, code_filter
from districts.models import District

from .choices import Category, Level, Nature, Stage
from .models import Industry, Project, Round


class ProjectFilterSet(django_filters.FilterSet):
    district = code_filter(District.objects.all(), _("District"))
    industry = code_filter(Industry.objects.all(), _("Industry"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    nature = django_filters.ChoiceFilter(choices=Nature.choices, label=_("Nature"))
    round = code_filter(Round.objects.all(), _("“Three batches” round"), method="filter_round")
    year = django_filters.NumberFilter(
        method="filter_year", label=_("Year with a plan"), min_value=2000, max_value=2100
    )
    min_investment = django_filters.NumberFilter(
        field_name="total_investment",
        lookup_expr="gte",
        label=_("Minimum total investment (10k yuan)"),
        min_value=0,
    )
    max_investment = django_filters.NumberFilter(
        field_name="total_investment",
        lookup_expr="lte",
        label=_("Maximum total investment (10k yuan)"),
        min_value=0,
    )
    published = BooleanChoiceFilter(field_name="is_published", label=_("Published"))
    search = SearchFilter(fields=["name", "code", "national_code", "owner__name"])
    ordering = django_filters.OrderingFilter(
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

    def filter_round(self, queryset, name, value):
        return queryset.filter(pk__in=value.entries.values("project"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(annual_plans__year=int(value))
