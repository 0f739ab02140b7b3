"""FilterSets of the framework's own records: reporting periods."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .filters import YearFilter, ordering_filter
from .models import PeriodStatus, ReportingPeriod


class ReportingPeriodFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PeriodStatus.choices, label=_("Status"))
    year = YearFilter(label=_("Year"))
    ordering = ordering_filter("year", "month", "deadline")

    class Meta:
        model = ReportingPeriod
        fields = []
