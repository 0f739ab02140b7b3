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

import django_filters
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin.scoping import error_text
from core.filters import SearchFilter
from core.period import Period, filing_periods
from core.roles import Role
from core.scoping import may_act_as, official_of, sees_everything
from core.templatetags.figures import amount
from core.validators import validate_photo_size, whole_number
from districts.models import District

from . import filing
from .models import Photo, Project
from .plausibility import with_evidence
from .services import photo_remove, report_approve, report_file, report_return

MAX_PHOTOS = 9
REVIEW_PAGE_SIZE = 20
COMMON_RETURN_REASONS = (
    gettext_lazy("The figure does not match the physical progress."),
    gettext_lazy("Add photos of the site."),
    gettext_lazy("The year's total would exceed the annual plan: check the figure."),
    gettext_lazy("Describe the progress and the problems met."),
)


class WorkbenchFilterSet(django_filters.FilterSet):
    """The workbench's search box and status chips, over `projects.filing.year_projects`
    rows (annotated with their filing_status). The page has no API twin: the API lists
    reports (`/api/v1/progress-reports/`), not a month's work to do."""

    search = SearchFilter(fields=["name", "code"], label=gettext_lazy("Project name or code"))
    status = django_filters.ChoiceFilter(
        field_name="filing_status", choices=filing.STATUS_LABELS, label=gettext_lazy("Status")
    )

    class Meta:
        model = Project
        fields = []


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


WORKBENCH_PAGE_SIZE = 20
# What the list shows, kept across a save: the unit, the month, the search, the chip, the page.
LIST_STATE = ("district", "period", "search", "status", "page")


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


def _list_state(request, **changes):
    state = {key: request.GET.get(key, "") for key in LIST_STATE}
    return {key: value for key, value in {**state, **changes}.items() if value}


def _workbench_url(request, anchor="", **changes):
    query = _list_state(request, **changes)
    url = reverse("admin:workbench") + (f"?{urlencode(query)}" if query else "")
    return url + (f"#{anchor}" if anchor else "")


def _wants_card(request):
    """The workbench's script posts a card's form itself and puts the answer in place."""
    return request.headers.get("X-Requested-With") == "workbench"


def _with_forms(rows, bound=None):
    """A filing form on each card whose month may still be filed (the bound one as posted)."""
    for row in rows:
        if not row.can_file:
            continue
        if bound is not None and bound.prefix == f"p{row.project.pk}":
            row.form = bound
            continue
        row.form = FilingForm(
            prefix=f"p{row.project.pk}",
            initial={
                "completed_investment": row.report.completed_investment if row.report else None,
                "narrative": row.report.narrative if row.report else "",
            },
        )
    return rows


def _file(request, row, form, period):
    """Save (and with 保存并提交 submit) one card's form: the notes to show by the card, or
    None when the services refused (the reason is on the form)."""
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
        return None
    if submit:
        text = _("%(project)s: submitted for review.")
    else:
        text = _("%(project)s: saved as a draft; submit it when it is complete.")
    notes = [(messages.SUCCESS, text % {"project": project.name})]
    if row.plan is not None and row.approved_before + report.completed_investment > row.plan:
        notes.append(
            (
                messages.WARNING,
                _(
                    "%(project)s: the year's approved total with this month, %(total)s, "
                    "exceeds the annual plan of %(plan)s."
                )
                % {
                    "project": project.name,
                    "total": amount(row.approved_before + report.completed_investment),
                    "plan": amount(row.plan),
                },
            )
        )
    return notes


def _card(site, request, row, *, period, district, notes=(), status=200, offer_next=False):
    """One card as the workbench's script puts it in place, with the notes of what was just
    done, the next project to file and the status chips' new counts."""
    projects = filing.year_projects(request.user, district, period)
    context = {
        **site.each_context(request),
        "row": row,
        "period": period,
        "notes": [
            {"level": level, "tags": messages.DEFAULT_TAGS[level], "text": text}
            for level, text in notes
        ],
        "offer_next": offer_next,
        "next_row": filing.next_to_file(projects, after=row.project) if offer_next else None,
        **_chips(request, projects),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/workbench_card.html", context, status=status)


def _chips(request, projects):
    """The search form and the status chips (counts over the search's rows)."""
    filterset = WorkbenchFilterSet(request.GET, queryset=projects)
    filterset.form.is_valid()
    search = filterset.form.cleaned_data.get("search", "")
    searched = filterset.filters["search"].filter(projects, search)
    counts = filing.status_counts(searched)
    chosen = filterset.form.cleaned_data.get("status", "")
    chips = [
        {
            "status": "",
            "label": _("All"),
            "count": sum(counts.values()),
            "active": not chosen,
            "url": _workbench_url(request, status="", page=""),
        }
    ] + [
        {
            "status": status,
            "label": label,
            "count": counts[status],
            "active": chosen == status,
            "url": _workbench_url(request, status=status, page=""),
        }
        for status, label in filing.STATUS_LABELS
    ]
    total = counts[chosen] if chosen else sum(counts.values())
    return {
        "filterset": filterset,
        "chips": chips,
        "counts": counts,
        "search": search,
        "total": total,
    }


def _one_row(request, district, period, project_pk):
    """The card of one project of the list, as the list would show it, or None."""
    projects = filing.year_projects(request.user, district, period).filter(pk=project_pk)
    rows = filing.filing_rows(projects, period)
    return rows[0] if rows else None


def _filing_post(site, request, district, period):
    """A card's form posted: saved, then the card again (the script) or the list, back at
    the card (a plain form post); a refused figure comes back on its card (400)."""
    row = _one_row(request, district, period, whole_number(request.POST.get("project")))
    if row is None or not row.can_file:
        text = _("This project's report can no longer be filed here.")
        if _wants_card(request):
            return HttpResponseBadRequest(text)
        messages.error(request, text)
        return HttpResponseRedirect(_workbench_url(request))
    form = FilingForm(request.POST, request.FILES, prefix=f"p{row.project.pk}")
    notes = _file(request, row, form, period) if form.is_valid() else None
    if notes is None:
        if _wants_card(request):
            _with_forms([row], bound=form)
            return _card(site, request, row, period=period, district=district, status=400)
        return _workbench_page(site, request, bound=(row, form), status=400)
    if _wants_card(request):
        row = _one_row(request, district, period, row.project.pk)
        _with_forms([row])
        return _card(
            site, request, row, period=period, district=district, notes=notes, offer_next=True
        )
    for level, text in notes:
        messages.add_message(request, level, text)
    return HttpResponseRedirect(_workbench_url(request, f"p{row.project.pk}"))


def _workbench_page(site, request, *, bound=None, status=200):
    (district, units), periods = _district(request), filing_periods()
    period = _period(request, periods)
    context = {"rows": [], "page": None, "chips": []}
    if district and period:
        projects = filing.year_projects(request.user, district, period)
        chips = _chips(request, projects)
        paginator = Paginator(chips["filterset"].qs, WORKBENCH_PAGE_SIZE)
        paginator.count = chips["total"]  # counted with the chips already
        page = paginator.get_page(request.GET.get("page"))
        rows = filing.filing_rows(page.object_list, period)
        if bound is not None:
            # A refused figure stays on its card, at the top when the page does not show it.
            row, form = bound
            listed = [r for r in rows if r.project.pk == row.project.pk]
            if not listed:
                rows.insert(0, row)
        _with_forms(rows, bound=bound[1] if bound else None)
        context = {
            **chips,
            "rows": rows,
            "page": page,
            "page_urls": {
                "previous": page.has_previous()
                and _workbench_url(request, page=page.previous_page_number()),
                "next": page.has_next() and _workbench_url(request, page=page.next_page_number()),
            },
        }
    context = {
        **site.each_context(request),
        **context,
        "title": _("Monthly filing"),
        "district": district,
        "units": units,
        "periods": periods,
        "period": period,
        "period_label": Period(period.year, period.month).label if period else "",
        "days_left": (period.deadline - timezone.localdate()).days if period else None,
        "list_state": _list_state(request),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/workbench.html", context, status=status)


def workbench_view(site, request):
    if not may_file(request.user):
        raise PermissionDenied
    if request.method == "POST":
        district, _units = _district(request)
        period = _period(request, filing_periods())
        if period is not None and district is not None:
            return _filing_post(site, request, district, period)
    return _workbench_page(site, request)


def photo_remove_view(site, request, pk):
    """Take a photo off a month still being filed (the card's thumbnail button)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_file(request.user):
        raise PermissionDenied
    photo = get_object_or_404(
        Photo.objects.filter(
            report__isnull=False, project__in=Project.objects.managed_by(request.user)
        ).select_related("project__district", "report"),
        pk=pk,
    )
    try:
        photo_remove(photo=photo, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        text, level = error_text(exc), messages.ERROR
    else:
        text, level = _("Photo removed: %(photo)s") % {"photo": photo.caption}, messages.SUCCESS
    report, district = photo.report, photo.project.district
    period = next(
        (
            p
            for p in filing_periods()
            if report is not None and (p.year, p.month) == (report.year, report.month)
        ),
        None,
    )
    row = period and _one_row(request, district, period, photo.project_id)
    if _wants_card(request) and row is not None:
        _with_forms([row])
        status = 200 if level == messages.SUCCESS else 400
        return _card(
            site,
            request,
            row,
            period=period,
            district=district,
            notes=[(level, text)],
            status=status,
        )
    messages.add_message(request, level, text)
    return HttpResponseRedirect(_workbench_url(request, f"p{photo.project_id}"))


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
    queue = with_evidence(filing.review_queue(request.user))
    page = Paginator(queue, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
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
admin.site.register_view(
    "workbench/photos/<int:pk>/remove/", photo_remove_view, name="workbench_photo_remove"
)
