"""Reporting periods in the admin: city administrators open and close months."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.services import period_close, period_open


def _run(modeladmin, request, queryset, service, done):
    """Apply a period service to each chosen period; one refusal is reported, not a 500."""
    moved = 0
    for period in queryset:
        try:
            service(period=period, user=request.user)
            moved += 1
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(
                request,
                f"{period}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                messages.ERROR,
            )
    if moved:
        modeladmin.message_user(request, done % {"count": moved}, messages.SUCCESS)


class ReportingPeriodAdmin(admin.ModelAdmin):
    """City administrators open and close months; everyone with access sees the cycle."""

    list_display = ("__str__", "deadline", "status", "closed_by", "closed_at")
    list_filter = ("status", "year")
    list_select_related = ("closed_by",)
    fields = ("year", "month", "deadline", "status", "closed_by", "closed_at")
    readonly_fields = ("status", "closed_by", "closed_at")
    actions = ("close_periods", "open_periods")

    @admin.action(description=_("Close the selected reporting periods"))
    def close_periods(self, request, queryset):
        _run(self, request, queryset, period_close, _("%(count)d period(s) closed."))

    @admin.action(description=_("Open the selected reporting periods"))
    def open_periods(self, request, queryset):
        _run(self, request, queryset, period_open, _("%(count)d period(s) opened."))
