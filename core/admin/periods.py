"""Reporting periods in the admin: city administrators open and close months with two plain
buttons on the list, 开放下月 and 关闭本月并发布 (core.services.period_open_next and
period_close_current), each through a page that states what will happen before it does."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import default_deadline
from core.period import month_label
from core.scoping import sees_everything
from core.services import (
    month_to_close,
    next_month_to_open,
    period_close_current,
    period_open_next,
)


def _day(value):
    return date_format(value, "DATE_FORMAT")


class ReportingPeriodAdmin(admin.ModelAdmin):
    """City administrators open and close months; everyone with access sees the cycle."""

    change_list_template = "admin/core/reportingperiod/change_list.html"
    list_display = ("month_shown", "deadline", "status", "closed_by", "closed_at")
    list_filter = ("status", "year")
    list_select_related = ("closed_by",)
    fields = ("year", "month", "deadline", "status", "closed_by", "closed_at")
    readonly_fields = ("status", "closed_by", "closed_at")
    actions = None  # the two buttons, with their confirmation, and nothing else

    @admin.display(description=_("month"), ordering="-year")
    def month_shown(self, obj):
        return month_label(obj.year, obj.month)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "open-next/",
                self.admin_site.admin_view(self.open_next_view),
                name="{}_{}_open_next".format(*info),
            ),
            path(
                "close-current/",
                self.admin_site.admin_view(self.close_current_view),
                name="{}_{}_close_current".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, name):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}"
        )

    def changelist_view(self, request, extra_context=None):
        if sees_everything(request.user):
            extra_context = {
                "period_buttons": {
                    "open_next": self._url("open_next"),
                    "close_current": self._url("close_current"),
                },
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)

    # --- the two pages: what will happen, then do it -------------------------------------

    def open_next_view(self, request):
        year, month = next_month_to_open()
        label = month_label(year, month)
        deadline = default_deadline(year, month)
        today = timezone.localdate()
        begun = (year, month) <= (today.year, today.month)
        statements = [
            gettext("%(month)s will be opened for reporting.") % {"month": label},
            gettext(
                "Reporters of every unit file their reports for %(month)s on the workbench, "
                "due by %(deadline)s; reviewers approve or return them."
            )
            % {"month": label, "deadline": _day(deadline)},
            gettext(
                "Its figures stay live and labelled “not yet published” until the month is closed."
            ),
        ]
        return self._confirm(
            request,
            title=gettext("Open next month"),
            statements=statements,
            refusal=None
            if begun
            else gettext("%(month)s has not begun yet: it is opened once it has.")
            % {"month": label},
            button=gettext("Open %(month)s") % {"month": label},
            service=period_open_next,
            done=gettext("%(month)s is open for reporting."),
        )

    def close_current_view(self, request):
        period = month_to_close()
        statements = []
        label = ""
        if period is not None:
            label = month_label(period.year, period.month)
            statements = [
                gettext("%(month)s will be closed and published.") % {"month": label},
                gettext(
                    "Its figures — per project, per unit and for the city — are stored as "
                    "version 1: every page, the API and the bulletin show them from then on, "
                    "and it becomes the month every figure is “now” for."
                ),
                gettext(
                    "Reports of %(month)s not approved by then do not count. Reporters can no "
                    "longer file for it."
                )
                % {"month": label},
                gettext(
                    "A published month is never reopened: its figures can then only be revised "
                    "by late reports (补报), filed by a city administrator; each approved late "
                    "report publishes a new version."
                ),
            ]
            if period.deadline and period.deadline >= timezone.localdate():
                statements.append(
                    gettext("Its deadline, %(deadline)s, has not passed yet.")
                    % {"deadline": _day(period.deadline)}
                )
        return self._confirm(
            request,
            title=gettext("Close this month and publish"),
            statements=statements,
            refusal=None if period else gettext("No reporting period is open."),
            button=gettext("Close and publish %(month)s") % {"month": label},
            service=period_close_current,
            done=gettext("%(month)s is closed and published as version 1."),
        )

    def _confirm(self, request, *, title, statements, button, service, done, refusal=None):
        if not sees_everything(request.user):
            raise PermissionDenied
        changelist = self._url("changelist")
        if request.method == "POST":
            try:
                period = service(user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                label = month_label(period.year, period.month)
                self.message_user(request, done % {"month": label}, messages.SUCCESS)
            return redirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "statements": statements,
            "refusal": refusal,
            "button": button,
            "changelist": changelist,
        }
        return TemplateResponse(request, "admin/core/reportingperiod/confirm.html", context)
