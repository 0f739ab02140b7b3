"""FilterSets of the framework's own records: reporting periods, reminders."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .filters import BooleanChoiceFilter, YearFilter, ordering_filter
from .models import Notification, PeriodStatus, ReportingPeriod


class ReportingPeriodFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PeriodStatus.choices, label=_("Status"))
    year = YearFilter(label=_("Year"))
    ordering = ordering_filter("year", "month", "deadline")

    class Meta:
        model = ReportingPeriod
        fields = []


class NotificationFilterSet(django_filters.FilterSet):
    unread = BooleanChoiceFilter(
        field_name="read_at", lookup_expr="isnull", label=_("Unread only (true) or read only")
    )
    kind = django_filters.CharFilter(label=_("Kind (filing_due, report_returned …)"))
    unit = django_filters.CharFilter(label=_("Unit the reminder is about (its name)"))

    class Meta:
        model = Notification
        fields = []
