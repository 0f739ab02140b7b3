"""The officials' two pages of the monthly reporting, in the admin:

- 本月填报 (`/admin/workbench/`): a reporter's year list for the open reporting period, one
  card per project with its status, plan, approved year to date, last month and light, and
  a compact form (figure, progress note, photos from the phone) saved as a draft or
  submitted at once — returned reports first, with the reason on top;
- 审核 (`/admin/review/`): a reviewer's queue of submitted reports with their evidence
  (photos, earlier months, plan, year to date, effect on the district's rate), approved one
  by one or in bulk, or returned with a reason picked or typed.

Both write only through the services (report_file, report_approve, report_return).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin.scoping import error_text
from core.period import Period, filing_periods
from core.roles import Role
from core.scoping import may_act_as, official_of, sees_everything
from core.validators import validate_photo_size, whole_number
from districts.models import District

from . import filing
from .services import report_approve, report_file, report_return

MAX_PHOTOS = 9
REVIEW_PAGE_SIZE = 20
COMMON_RETURN_REASONS = (
    gettext_lazy("The figure does not match the physical progress."),
    gettext_lazy("Add photos of the site."),
    gettext_lazy("The year's total would exceed the annual plan: check the figure."),
    gettext_lazy("Describe the progress and the problems met."),
)


def may_file(user):
    return may_act_as(user, Role.REPORTER)


def may_review(user):
    return may_act_as(user, Role.REVIEWER)


# --- Forms -----------------------------------------------------------------------------------


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos in one field (a phone's camera or gallery); each checked as an image."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleImageInput(attrs={"accept": "image/*", "multiple": True})
        )
        kwargs.setdefault("validators", [validate_photo_size])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(count)d photos at a time.") % {"count": MAX_PHOTOS})
        return [super(MultipleImageField, self).clean(file, initial) for file in files]


class FilingForm(forms.Form):
    """One project's month, as the workbench card asks for it."""

    completed_investment = forms.DecimalField(
        label=gettext_lazy("Investment completed this month (10k yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
    )
    narrative = forms.CharField(
        label=gettext_lazy("Physical progress"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photos = MultipleImageField(label=gettext_lazy("Photos"), required=False)


class ReturnForm(forms.Form):
    """Why a report goes back: one of the common reasons, typed words, or both."""

    reason = forms.TypedChoiceField(
        coerce=int,
        label=gettext_lazy("Common reasons"),
        required=False,
        choices=list(enumerate(COMMON_RETURN_REASONS)),
        widget=forms.RadioSelect,
    )
    reason_text = forms.CharField(
        label=gettext_lazy("Reason in your words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def reason_given(self):
        picked = self.cleaned_data.get("reason")
        parts = [
            "" if picked in (None, "") else str(COMMON_RETURN_REASONS[picked]),
            self.cleaned_data.get("reason_text", "").strip(),
        ]
        return "；".join(part for part in parts if part)


# --- The reporter's workbench ------------------------------------------------------------


def _district(request):
    """The district whose list is shown: the official's own; a city admin picks any unit."""
    if sees_everything(request.user):
        units = District.objects.units()
        chosen = units.filter(code=request.GET.get("district", "")).first()
        return chosen or units.first(), units
    official = official_of(request.user)
    return (official.district if official else None), None


def _period(request, periods):
    chosen = request.GET.get("period", "")
    for period in periods:
        if chosen == f"{period.year}-{period.month:02d}":
            return period
    return periods[0] if periods else None


def _workbench_url(request, anchor=""):
    query = {k: v for k, v in request.GET.items() if k in ("district", "period")}
    url = reverse("admin:workbench") + (f"?{urlencode(query)}" if query else "")
    return url + (f"#{anchor}" if anchor else "")


def _file(request, row, form, period):
    """Save (and with 保存并提交 submit) one card's form; messages say what happened."""
    project, submit = row.project, request.POST.get("action") == "submit"
    try:
        report = report_file(
            project=project,
            year=period.year,
            month=period.month,
            completed_investment=form.cleaned_data["completed_investment"],
            narrative=form.cleaned_data["narrative"],
            photos=form.cleaned_data["photos"],
            user=request.user,
            submit=submit,
        )
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, error_text(exc))
        return False
    if submit:
        text = _("%(project)s: submitted for review.")
    else:
        text = _("%(project)s: saved as a draft; submit it when it is complete.")
    messages.success(request, text % {"project": project.name})
    if row.plan is not None and row.approved_before + report.completed_investment > row.plan:
        messages.warning(
            request,
            _(
                "%(project)s: the year's approved total with this month, %(total)s, exceeds "
                "the annual plan of %(plan)s (10k yuan)."
            )
            % {
                "project": project.name,
                "total": row.approved_before + report.completed_investment,
                "plan": row.plan,
            },
        )
    return True


def workbench_view(site, request):
    if not may_file(request.user):
        raise PermissionDenied
    district, units = _district(request)
    periods = filing_periods()
    period = _period(request, periods)
    rows = filing.year_list(request.user, district, period) if district and period else []
    forms_by_project = {}
    if request.method == "POST" and period is not None:
        row = next(
            (r for r in rows if str(r.project.pk) == request.POST.get("project") and r.can_file),
            None,
        )
        if row is None:
            messages.error(request, _("This project's report can no longer be filed here."))
            return HttpResponseRedirect(_workbench_url(request))
        form = FilingForm(request.POST, request.FILES, prefix=f"p{row.project.pk}")
        if form.is_valid() and _file(request, row, form, period):
            return HttpResponseRedirect(_workbench_url(request, f"p{row.project.pk}"))
        forms_by_project[row.project.pk] = form
    for row in rows:
        if row.can_file:
            row.form = forms_by_project.get(row.project.pk) or FilingForm(
                prefix=f"p{row.project.pk}",
                initial={
                    "completed_investment": row.report.completed_investment if row.report else None,
                    "narrative": row.report.narrative if row.report else "",
                },
            )
    counts = dict.fromkeys(filing.STATUS_ORDER, 0)
    for row in rows:
        counts[row.status] += 1
    context = {
        **site.each_context(request),
        "title": _("Monthly filing"),
        "district": district,
        "units": units,
        "periods": periods,
        "period": period,
        "period_label": Period(period.year, period.month).label if period else "",
        "days_left": (period.deadline - timezone.localdate()).days if period else None,
        "rows": rows,
        "counts": counts,
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/workbench.html", context)


# --- The reviewer's queue ------------------------------------------------------------------


def _review(request):
    """Approve the reports ticked (or the one button's), or return one with a reason."""
    action = request.POST.get("action")
    chosen = [pk for pk in map(whole_number, request.POST.getlist("report")) if pk is not None]
    reports = list(filing.review_queue(request.user).filter(pk__in=chosen))
    if not reports:
        messages.error(request, _("Choose a report awaiting review."))
        return
    if action == "return":
        form = ReturnForm(request.POST)
        reason = form.reason_given() if form.is_valid() else ""
        if not reason:
            messages.error(request, _("Pick or type the reason for returning the report."))
            return
    done = []
    for report in reports:
        try:
            if action == "return":
                report_return(report=report, reviewer=request.user, reason=reason)
            else:
                report_approve(report=report, reviewer=request.user)
            done.append(report)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"{report}: {error_text(exc)}")
    if done and action == "return":
        messages.warning(request, _("Returned to the reporter: %(report)s") % {"report": done[0]})
    elif done:
        messages.success(
            request,
            ngettext("%(count)d report approved.", "%(count)d reports approved.", len(done))
            % {"count": len(done)},
        )


def review_view(site, request):
    if not may_review(request.user):
        raise PermissionDenied
    if request.method == "POST":
        _review(request)
        return HttpResponseRedirect(reverse("admin:review"))
    page = Paginator(filing.review_queue(request.user), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        **site.each_context(request),
        "title": _("Reports awaiting review"),
        "page": page,
        "items": filing.review_evidence(page.object_list, request.user),
        "return_form": ReturnForm(),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/review.html", context)


admin.site.register_view("workbench/", workbench_view, name="workbench")
admin.site.register_view("review/", review_view, name="review")
