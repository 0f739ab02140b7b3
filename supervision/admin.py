"""Admin of what supervision adds to the projects' records: a project's resource needs
(要素保障), whose gaps an official raises as matters of a dispatch meeting (supervision.gaps,
a layer above the projects' admin, since matters live in the ledger)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin.display import RED, badge
from core.admin.scoping import ScopedHistoryAdmin, error_text
from districts.models import District
from projects.admin import ProjectPartAdmin
from projects.choices import MeetingKind
from projects.models import Meeting, ResourceNeed

from .gaps import resource_gap_raise
from .reminders import remind_unit

RAISE_LABEL = _("Raise the gap at a dispatch meeting")


class RaiseGapForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Dispatch meeting"), queryset=Meeting.objects.none(), required=True
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        help_text=_("Agreed at the meeting; empty: the category's working-day limit."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.managed_by(user)
            .filter(kind=MeetingKind.DISPATCH)
            .select_related("district")
            .order_by("-held_on")
        )


@admin.register(ResourceNeed)
class ResourceNeedAdmin(ScopedHistoryAdmin, ProjectPartAdmin):
    list_display = ("project", "kind", "unit_label", "needed", "secured", "gap_badge", "raised_at")
    list_filter = ("kind", "project__district")
    list_select_related = ("project", "raised_at")
    readonly_fields = ("raised_at",)
    actions = ("raise_gap",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_gap()

    @admin.display(description=_("unit"))
    def unit_label(self, obj):
        return obj.unit_label

    @admin.display(description=_("gap"), ordering="gap")
    def gap_badge(self, obj):
        if obj.gap > 0:
            return badge(RED, f"{obj.gap:,.2f}")
        return "0"

    @admin.action(description=RAISE_LABEL, permissions=["change"])
    def raise_gap(self, request, queryset):
        form = RaiseGapForm(request.POST if "apply" in request.POST else None, user=request.user)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": RAISE_LABEL,
                "transition": {"label": RAISE_LABEL},
                "form": form,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "action_name": "raise_gap",
            }
            return TemplateResponse(request, "admin/workflow_transition.html", context)
        done = 0
        for need in queryset:
            try:
                problem = resource_gap_raise(need=need, user=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{need}: {error_text(exc)}", messages.ERROR)
            else:
                done += 1
                self.message_user(
                    request,
                    gettext("%(need)s: matter %(code)s assigned at %(meeting)s.")
                    % {
                        "need": need,
                        "code": problem.tracking_code,
                        "meeting": form.cleaned_data["meeting"],
                    },
                    messages.SUCCESS,
                )
        return None


def remind_unit_view(site, request, code):
    """催报 from the city's table: the unit's reminders of what it has not filed, in the
    inbox now and queued for e-mail and chat (supervision.reminders.remind_unit, the
    scheduled command's rule); back to the table at once."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    district = get_object_or_404(District.objects.units(), code=code)
    sent = remind_unit(district=district, user=request.user)
    if not sent["projects"]:
        messages.info(
            request, gettext("%(unit)s has filed every project.") % {"unit": district.name}
        )
    elif not sent["officials"]:
        messages.warning(
            request,
            gettext("%(unit)s has no official to remind: add its reporters first.")
            % {"unit": district.name},
        )
    elif sent["new"]:
        messages.success(
            request,
            ngettext(
                "Reminder in the inbox of %(count)d official of %(unit)s (%(projects)d not filed).",
                "Reminder in the inboxes of %(count)d officials of %(unit)s "
                "(%(projects)d not filed).",
                sent["officials"],
            )
            % {"count": sent["officials"], "unit": district.name, "projects": sent["projects"]},
        )
        if sent["queued"]:
            messages.info(
                request,
                ngettext(
                    "%(count)d e-mail or chat message queued: the worker sends it shortly.",
                    "%(count)d e-mail or chat messages queued: the worker sends them shortly.",
                    sent["queued"],
                )
                % {"count": sent["queued"]},
            )
    else:
        messages.info(
            request,
            gettext("%(unit)s was already reminded today.") % {"unit": district.name},
        )
    return HttpResponseRedirect(reverse("admin:index") + f"#unit-{district.code}")


admin.site.register_view("remind/<slug:code>/", remind_unit_view, name="remind_unit")
