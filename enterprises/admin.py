"""Admin for the "万人助万企" campaign: enterprises, cadres, visits, support, and the problem
ledger whose steps (accept, reject, start, resolve, close) run through enterprises.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin.display import RED, badge
from core.admin.scoping import (
    ListedInline,
    ScopedAdminMixin,
    ScopedFormfieldsMixin,
    ScopedHistoryAdmin,
    ScopedImportExportMixin,
    TransitionForm,
    WholeRowForm,
    WorkflowAdminMixin,
    cadre_defaults,
)
from core.formulas import percent
from core.scoping import cadre_of, sees_everything, visible_choices
from core.validators import parse_day
from projects.admin import MeetingAdmin
from projects.models import Meeting

from .choices import OPEN_STATUSES, ProblemCategory, ProblemOutcome, ProblemStatus
from .forms import QuickProblemForm, QuickVisitForm
from .models import (
    Assignment,
    Cadre,
    Enterprise,
    EnterpriseLabel,
    MatterCarryOver,
    Problem,
    ProblemLimit,
    ProblemRoute,
    Support,
    Visit,
    VisitPhoto,
    problem_done,
    problem_reopened,
)
from .resources import CadreResource, EnterpriseResource, ProblemResource
from .services import (
    PROBLEM_WORKFLOW,
    duplicate_original,
    open_same_category,
    problem_intake,
    problem_raise_from_visit,
    visit_record,
)

# Enterprises on a cadre's visit page (its own first).
QUICK_ENTERPRISES = 50

PROBLEM_COLOURS = {
    ProblemStatus.RAISED: "#1565c0",
    ProblemStatus.ACCEPTED: "#6a1b9a",
    ProblemStatus.IN_PROGRESS: "#f9a825",
    ProblemStatus.RESOLVED: "#2e7d32",
    ProblemStatus.CLOSED: "#666",
    ProblemStatus.REJECTED: RED,
}


# --- Inlines of the enterprise and cadre pages ----------------------------------------------


class CampaignInline(ScopedFormfieldsMixin, admin.TabularInline):
    extra = 0


class AssignmentInline(CampaignInline):
    model = Assignment
    fields = ("cadre", "role", "start", "end")
    autocomplete_fields = ("cadre",)


class CadreAssignmentInline(CampaignInline):
    model = Assignment
    fields = ("enterprise", "project", "role", "start", "end")
    autocomplete_fields = ("enterprise", "project")


class VisitInline(CampaignInline):
    """Visits to this enterprise; their district is the enterprise's."""

    model = Visit
    fields = ("visited_on", "cadre", "mode", "project", "summary")
    autocomplete_fields = ("cadre", "project")


class ProblemInline(ListedInline):
    model = Problem
    fields = ("tracking_code", "title", "category", "status", "due_date", "assignee")


class SupportInline(CampaignInline):
    model = Support
    fields = ("kind", "amount", "granted_on", "description")


# --- Enterprises, cadres, assignments, visits, support ---------------------------------------


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [EnterpriseResource]
    import_template = "enterprises.xlsx"
    list_display = (
        "name",
        "credit_code",
        "district",
        "industry",
        "kind",
        "is_above_scale",
        "label_names",
    )
    list_filter = ("district", "industry", "kind", "is_above_scale", "labels")
    search_fields = ("name", "credit_code")
    list_select_related = ("district", "industry")
    # Ticked in a list: a few labels, and easier on a phone than moving them between boxes.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = (AssignmentInline, VisitInline, ProblemInline, SupportInline)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("labels")

    @admin.display(description=_("labels"))
    def label_names(self, obj):
        return "、".join(label.name for label in obj.labels.all())

    def save_formset(self, request, form, formset, change):
        """Visits recorded on the enterprise page happen in the enterprise's district."""
        if formset.model is Visit:
            for visit in formset.save(commit=False):
                visit.district_id = form.instance.district_id
                visit.save()
            for visit in formset.deleted_objects:
                visit.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Cadre)
class CadreAdmin(ScopedImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [CadreResource]
    import_template = "cadres.xlsx"
    list_display = ("name", "unit", "post", "rank", "district", "user")
    list_filter = ("district",)
    search_fields = ("name", "unit", "post")
    list_select_related = ("district", "user")
    autocomplete_fields = ("user",)
    inlines = (CadreAssignmentInline,)

    def get_readonly_fields(self, request, obj=None):
        # Linking a login to a cadre grants that login the cadre's view: city admins only.
        if sees_everything(request.user):
            return ()
        return ("user",)


@admin.register(Assignment)
class AssignmentAdmin(ScopedHistoryAdmin):
    list_display = ("cadre", "role", "enterprise", "project", "start", "end")
    list_filter = ("role", "cadre__district")
    search_fields = ("cadre__name", "enterprise__name", "project__name", "project__code")
    list_select_related = ("cadre", "enterprise", "project")
    autocomplete_fields = ("cadre", "enterprise", "project")
    date_hierarchy = "start"


class VisitPhotoInline(CampaignInline):
    """Photos taken on the visit (from a phone's camera or gallery), shown as thumbnails."""

    model = VisitPhoto
    fields = ("thumbnail", "image", "caption")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        if obj is None or not obj.pk or not obj.image:
            return "-"
        return format_html(
            '<a href="{0}"><img class="thumb" src="{0}" alt="{1}" loading="lazy"></a>',
            obj.image.url,
            obj.caption or gettext("Photo of the visit"),
        )


class VisitProblemInline(ListedInline):
    model = Problem
    fields = ("tracking_code", "title", "category", "status", "due_date")


@admin.register(Visit)
class VisitAdmin(ScopedHistoryAdmin):
    change_form_template = "admin/enterprises/visit/change_form.html"
    inlines = (VisitPhotoInline, VisitProblemInline)
    list_display = ("visited_on", "cadre", "mode", "enterprise", "project", "district")
    list_filter = ("mode", "district")
    search_fields = ("summary", "cadre__name", "enterprise__name", "project__name")
    list_select_related = ("cadre", "enterprise", "project", "district")
    autocomplete_fields = ("cadre", "enterprise", "project")
    date_hierarchy = "visited_on"

    def get_inlines(self, request, obj):
        # A visit being recorded has no problems raised on it yet.
        return self.inlines if obj is not None else (VisitPhotoInline,)

    def get_changeform_initial_data(self, request):
        """A cadre records its own visits: itself and its district are the defaults; the
        date is today."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("visited_on", timezone.localdate())
        return cadre_defaults(request, initial, cadre="pk", district="district_id")

    def get_urls(self):
        return [
            path(
                "quick/",
                self.admin_site.admin_view(self.quick_visit_view),
                name="enterprises_visit_quick",
            ),
            path(
                "<path:object_id>/raise-problem/",
                self.admin_site.admin_view(self.raise_problem_view),
                name="enterprises_visit_raise_problem",
            ),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        """After saving a new visit the cadre stays on it (to add photos, raise problems)."""
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request, gettext("The visit was recorded: %(visit)s") % {"visit": obj}, messages.SUCCESS
        )
        return redirect("admin:enterprises_visit_change", obj.pk)

    def quick_visit_view(self, request):
        """`quick/`: a card per enterprise the cadre helps (its own assignments first), each
        recording a visit in a tap or two: today, an on-site visit, what was discussed, a
        photo from the camera. Saving lands on the new visit. Officials who are not cadres
        record visits on the ordinary form."""
        cadre = cadre_of(request.user)
        if cadre is None or not self.has_add_permission(request):
            return redirect("admin:enterprises_visit_add")
        today = timezone.localdate()
        own = cadre.assignments.active(today).exclude(enterprise=None).values("enterprise")
        enterprises = (
            Enterprise.objects.managed_by(request.user)
            .annotate(own=Exists(own.filter(enterprise=OuterRef("pk"))))
            .select_related("district")
            .order_by("-own", "name")
        )[:QUICK_ENTERPRISES]
        posted = None
        if request.method == "POST":
            posted = QuickVisitForm(request.POST, request.FILES)
            enterprise = None
            if posted.is_valid():
                enterprise = (
                    Enterprise.objects.managed_by(request.user)
                    .filter(pk=posted.cleaned_data["enterprise"])
                    .first()
                )
                if enterprise is None:
                    posted.add_error(None, gettext("You do not help this enterprise."))
            if posted.is_valid() and enterprise is not None:
                data = {k: v for k, v in posted.cleaned_data.items() if k != "enterprise"}
                try:
                    visit = visit_record(cadre=cadre, enterprise=enterprise, **data)
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        for message in errors:
                            posted.add_error(field if field in posted.fields else None, message)
                else:
                    self.message_user(
                        request,
                        gettext("The visit was recorded: %(visit)s") % {"visit": visit},
                        messages.SUCCESS,
                    )
                    return redirect("admin:enterprises_visit_change", visit.pk)
        cards = []
        for enterprise in enterprises:
            form = posted
            if posted is None or str(posted.data.get("enterprise")) != str(enterprise.pk):
                form = QuickVisitForm(
                    initial={"enterprise": enterprise.pk, "visited_on": today},
                    auto_id=f"v{enterprise.pk}_%s",
                )
            cards.append({"enterprise": enterprise, "form": form})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Record a visit"),
            "cards": cards,
            "today": today,
        }
        status = 400 if posted is not None else 200
        return TemplateResponse(
            request, "admin/enterprises/visit/quick.html", context, status=status
        )

    def raise_problem_view(self, request, object_id):
        """POST `<visit>/raise-problem/`: a problem met on the visit, in one form on its
        page (`problem_raise_from_visit`); back to the visit."""
        visit = self.get_object(request, unquote(object_id))
        problem_admin = self.admin_site._registry.get(Problem)
        if visit is None:
            raise Http404
        if request.method != "POST" or not (
            problem_admin and problem_admin.has_add_permission(request)
        ):
            raise PermissionDenied
        form = QuickProblemForm(request.POST)
        if form.is_valid():
            try:
                problem = problem_raise_from_visit(
                    visit=visit, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("The problem was raised: %(code)s") % {"code": problem.tracking_code},
                    messages.SUCCESS,
                )
        else:
            for errors in form.errors.values():
                self.message_user(request, " ".join(errors), messages.ERROR)
        return redirect("admin:enterprises_visit_change", visit.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A problem met on the visit is raised from its page, with the visit's enterprise,
        project and district filled in: in one short form on the page, or on the ledger's
        full form."""
        if obj is not None and obj.pk and self.admin_site.is_registered(Problem):
            if self.admin_site._registry[Problem].has_add_permission(request):
                context["quick_problem"] = QuickProblemForm(auto_id="qp_%s")
                carried = {"visit": obj.pk, "district": obj.district_id, "source": "visit"}
                carried.update(
                    {name: getattr(obj, f"{name}_id") for name in ("enterprise", "project")}
                )
                add_url = reverse(f"{self.admin_site.name}:enterprises_problem_add")
                query = urlencode({k: v for k, v in carried.items() if v is not None})
                context["raise_problem_url"] = f"{add_url}?{query}"
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(VisitPhoto)
class VisitPhotoAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "visit")
    list_select_related = ("visit", "visit__cadre", "visit__enterprise", "visit__project")
    search_fields = ("caption", "visit__enterprise__name")
    autocomplete_fields = ("visit",)


@admin.register(Support)
class SupportAdmin(ScopedHistoryAdmin):
    list_display = ("enterprise", "kind", "amount", "granted_on", "description")
    list_filter = ("kind", "enterprise__district")
    search_fields = ("enterprise__name", "enterprise__credit_code", "description")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "granted_on"


@admin.register(MatterCarryOver)
class MatterCarryOverAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: a month's publication writes them (enterprises.services)."""

    list_display = ("problem", "period", "meeting", "carried_to", "carried_on")
    list_select_related = ("problem", "period", "meeting", "carried_to")
    search_fields = ("problem__tracking_code", "problem__title")
    date_hierarchy = "carried_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnterpriseLabel)
class EnterpriseLabelAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


# --- The problem ledger ---------------------------------------------------------------------


class AcceptProblemForm(TransitionForm):
    """受理: who handles the problem (searched by name, not picked from hundreds) and by
    when (the category's response time when left empty)."""

    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=Cadre.objects.none(),
        widget=AutocompleteSelect(Problem._meta.get_field("assignee"), admin.site),
        help_text=_(
            "Type part of the cadre's name or unit. Filled in with the handler the problem "
            "was routed to on intake, if any."
        ),
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = visible_choices(Cadre, self.user)
        days = "、".join(
            f"{ProblemCategory(category).label} {ProblemLimit.of(category).closure_days}"
            for category in ProblemCategory.values
        )
        self.fields["due_date"].help_text = gettext(
            "Empty: the due date it has, else the category's closure limit in working days "
            "(%(days)s) from the day raised."
        ) % {"days": days}


class RejectProblemForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The enterprise sees this reason when it tracks the problem."),
    )


class ResolveProblemForm(TransitionForm):
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ProblemOutcome.choices, widget=forms.RadioSelect
    )
    outcome_note = forms.CharField(
        label=_("Note on the outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Required when it cannot be solved: the enterprise reads why when it tracks the "
            "problem."
        ),
    )
    resolved_on = forms.DateField(
        label=_("Resolved on"),
        required=False,
        help_text=_("Today if left empty."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReopenedFilter(admin.SimpleListFilter):
    """Problems the enterprise reopened after they were resolved."""

    title = _("reopened")
    parameter_name = "reopened"

    def lookups(self, request, model_admin):
        return [("yes", _("Reopened by the enterprise"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(problem_reopened(timezone.localdate()))
        return queryset


class CarriedOverFilter(admin.SimpleListFilter):
    """Dispatch meetings' matters reopened because their project was still red when the next
    month was published: carried to a meeting, or awaiting one."""

    title = _("carried over")
    parameter_name = "carried_over"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("Carried over, awaiting the next meeting")),
            ("yes", _("Carried over to a meeting")),
        ]

    def queryset(self, request, queryset):
        records = MatterCarryOver.objects.filter(problem=OuterRef("pk"))
        if self.value() == "awaiting":
            return queryset.filter(Exists(records.awaiting()))
        if self.value() == "yes":
            return queryset.filter(Exists(records.filter(carried_to__isnull=False)))
        return queryset


def carry_over_rows(records, *, matter=False):
    """Carry-overs as lines of a page: (the matter,) the reason in the reader's language,
    the meeting it is carried to or "awaiting the next meeting", and the resolution it had."""
    rows = []
    for record in records:
        parts = [record.reason, record.status_label]
        if record.resolved_on:
            parts.append(
                gettext("resolved on %(date)s: %(resolution)s")
                % {"date": record.resolved_on, "resolution": record.resolution}
            )
        line = format_html_join(" · ", "{}", ((part,) for part in parts))
        if matter:
            line = format_html(
                '<a href="{}">{}</a> {} ({}) · {}',
                reverse("admin:enterprises_problem_change", args=[record.problem_id]),
                record.problem.tracking_code,
                record.problem.title,
                record.problem.get_status_display(),
                line,
            )
        rows.append(line)
    return format_html_join(mark_safe("<br>"), "{}", ((row,) for row in rows)) or "-"


class DuplicateProblemForm(TransitionForm):
    """Which of the enterprise's open problems of the same category this one repeats."""

    duplicate_of = forms.ChoiceField(
        label=_("Duplicate of"),
        widget=forms.RadioSelect,
        help_text=_("The enterprise's open problems of the same category: it follows its status."),
    )


class CreditCodeAutocompleteSelect(AutocompleteSelect):
    """An enterprise's search box whose chosen option carries its credit code (`data-code`,
    as the search results do, core.admin.site): a form shown again after an error keeps
    listing the enterprise's open problems (static/js/problem-duplicates.js)."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        chosen = [option for _group, options, _index in groups for option in options]
        codes = dict(
            Enterprise.objects.filter(
                pk__in=[option["value"] for option in chosen if option["value"] != ""]
            ).values_list("pk", "credit_code")
        )
        for option in chosen:
            code = codes.get(option["value"])
            if code:
                option["attrs"]["data-code"] = code
        return groups


class ProblemAddForm(WholeRowForm):
    """A new problem, which may be marked on intake a duplicate of one of the enterprise's
    open problems of the same category: static/js/problem-duplicates.js lists them (from
    the API) under the enterprise once it and the category are chosen."""

    official = None  # the user adding it (ProblemAdmin.get_form)

    duplicate_code = forms.CharField(
        label=_("Duplicate of (tracking code)"),
        required=False,
        max_length=24,
        help_text=_(
            "Choose one of the enterprise's open problems of the same category listed above, "
            "or leave empty: a duplicate follows that problem's status."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate_code"].widget.attrs.update(
            {
                "data-api": reverse("problem-list"),
                "data-changelist": reverse("admin:enterprises_problem_changelist"),
                "data-heading": gettext("Open problems of this enterprise in this category"),
                "data-empty": gettext("The enterprise has no other open problem of this category."),
                "data-choose": gettext("Duplicate of this one"),
                "data-none": gettext("Not a duplicate"),
            }
        )

    def clean(self):
        """The original (enterprises.services.duplicate_original) goes on the new problem;
        ProblemAdmin.save_model has it follow that one's status."""
        cleaned = super().clean()
        code = (cleaned.get("duplicate_code") or "").strip()
        self.instance.duplicate_of = None
        if not code:
            return cleaned
        if cleaned.get("enterprise") is None or not cleaned.get("category"):
            message = _("A duplicate needs the enterprise and the category chosen.")
            self.add_error("duplicate_code", message)
            return cleaned
        candidate = Problem(enterprise=cleaned["enterprise"], category=cleaned["category"])
        try:
            self.instance.duplicate_of = duplicate_original(candidate, self.official, code)
        except ValidationError as exc:
            self.add_error("duplicate_code", exc.message_dict["duplicate_of"])
        return cleaned


class OverdueFilter(admin.SimpleListFilter):
    """Open problems past their due date."""

    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Past the due date"))]

    def queryset(self, request, queryset):
        """`yes`: overdue today; a date (YYYY-MM-DD): as a period's figures count it on
        that day (core.period): raised that year by then, overdue then."""
        if self.value() == "yes":
            return queryset.overdue(timezone.localdate())
        day = parse_day(self.value())
        if day is not None:
            return queryset.raised_in(day.year, day).overdue(day)
        return queryset


@admin.register(Problem)
class ProblemAdmin(WorkflowAdminMixin, ScopedImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [ProblemResource]
    import_template = "problems.xlsx"
    workflow = PROBLEM_WORKFLOW
    transition_forms = {
        "accept": AcceptProblemForm,
        "reject": RejectProblemForm,
        "resolve": ResolveProblemForm,
        "mark_duplicate": DuplicateProblemForm,
    }
    list_display = (
        "tracking_code",
        "title",
        "district",
        "enterprise",
        "project",
        "category",
        "status_badge",
        "assignee",
        "due",
        "raised_on",
    )
    list_filter = (
        OverdueFilter,
        ReopenedFilter,
        CarriedOverFilter,
        "status",
        "outcome",
        "category",
        "source",
        "district",
    )
    search_fields = (
        "tracking_code",
        "title",
        "enterprise__name",
        "enterprise__credit_code",
        "project__name",
        "project__code",
        "submitter_company",
        "submitter_credit_code",
    )
    list_select_related = ("district", "enterprise", "project", "assignee")
    autocomplete_fields = ("enterprise", "project", "assignee", "meeting", "visit")
    date_hierarchy = "raised_on"
    readonly_fields = (
        "tracking_code",
        "status",
        "accepted_on",
        "rejection_reason",
        "resolution",
        "resolved_on",
        "outcome",
        "outcome_note",
        "satisfaction",
        "closed_on",
        "reopened",
        "reopened_on",
        "reopen_reason",
        "response_due",
        "stage_due",
        "routed_by",
        "duplicate_of",
        "same_category_open",
        "overdue_holder",
        "carried_over",
    )
    fieldsets = (
        (None, {"fields": ("tracking_code", "title", "description", "category", "source")}),
        (_("Duplicates"), {"fields": ("same_category_open", "duplicate_of")}),
        (
            _("Subject"),
            {"fields": ("enterprise", "project", "district", "visit", "meeting", "raised_on")},
        ),
        (
            _("Handling"),
            {
                "fields": (
                    ("assignee", "responsible_unit", "routed_by"),
                    ("response_due", "stage_due", "due_date"),
                    "overdue_holder",
                )
            },
        ),
        (
            _("Outcome"),
            {
                "fields": (
                    "status",
                    "accepted_on",
                    "rejection_reason",
                    ("resolution", "resolved_on"),
                    ("outcome", "outcome_note"),
                    ("satisfaction", "closed_on"),
                    ("reopened", "reopened_on", "reopen_reason"),
                    "carried_over",
                )
            },
        ),
        (
            _("Submitted by"),
            {
                "classes": ("collapse",),
                "fields": (
                    "submitter_company",
                    "submitter_credit_code",
                    "submitter_name",
                    "submitter_phone",
                    "photo",
                ),
            },
        ),
    )

    class Media:
        js = ("js/problem-duplicates.js",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":
            kwargs.setdefault(
                "widget",
                CreditCodeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """A new problem's form offers to mark it a duplicate (ProblemAddForm)."""
        if obj is None:
            kwargs["form"] = ProblemAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.official = request.user  # a class made for this request by the admin
        return form

    def get_queryset(self, request):
        carried = MatterCarryOver.objects.filter(problem=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .with_overdue(timezone.localdate())
            .annotate(is_carried_over=Exists(carried))
        )

    def get_transition_form(self, transition, request, data=None):
        """Accepting one problem offers the handler it was routed to on intake."""
        form = super().get_transition_form(transition, request, data)
        object_id = getattr(request.resolver_match, "kwargs", {}).get("object_id")
        if form is None or not object_id:
            return form
        problem = self.get_object(request, object_id)
        if problem is None:
            return form
        if transition.name == "accept" and problem.assignee_id:
            form.fields["assignee"].initial = problem.assignee_id
        if transition.name == "mark_duplicate":
            form.fields["duplicate_of"].choices = [
                (other.tracking_code, f"{other.tracking_code} {other.title} ({other.raised_on})")
                for other in open_same_category(problem).managed_by(request.user)
            ]
        return form

    @admin.display(description=_("held when it went overdue"))
    def overdue_holder(self, obj):
        """超时倒查: the unit and cadre that held the problem the day after its due date."""
        held = obj.held_when_overdue() if obj is not None and obj.pk else None
        if held is None:
            return "-"
        unit, cadre = held
        return " · ".join(part for part in (unit, cadre and cadre.name) if part) or "-"

    @admin.display(description=_("carried over to the next meeting"))
    def carried_over(self, obj):
        """Each time the matter was reopened for a later meeting (its project still red)."""
        if obj is None or obj.pk is None:
            return "-"
        return carry_over_rows(obj.carry_overs.select_related("period", "carried_to"))

    @admin.display(description=_("open problems of the same enterprise and category"))
    def same_category_open(self, obj):
        """What an official sees on intake to tell a duplicate (enterprises.services)."""
        if obj is None or obj.pk is None:
            return "-"
        rows = [
            format_html(
                '<a href="{}">{}</a> {} ({})',
                reverse("admin:enterprises_problem_change", args=[other.pk]),
                other.tracking_code,
                other.title,
                other.get_status_display(),
            )
            # Those of its district: whoever may see this problem sees them too.
            for other in open_same_category(obj).filter(district_id=obj.district_id)
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((row,) for row in rows)) or "-"

    def save_model(self, request, obj, form, change):
        """Every new problem gets its due dates on intake (enterprises.services); a changed
        category or day raised moves the dates not agreed by hand."""
        if not change:
            problem_intake(obj)
            if obj.duplicate_of is not None:  # marked on intake: it follows its original
                obj.follow(obj.duplicate_of)
        elif {"category", "raised_on"} & set(form.changed_data):
            if "due_date" not in form.changed_data:
                obj.due_date = None
            obj.set_due_dates()
        super().save_model(request, obj, form, change)

    def get_fieldsets(self, request, obj=None):
        """The tracking code is shown once the problem has one (it is given on saving)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new one: its duplicates are chosen after its enterprise and category.
        (name, options), duplicates, subject, *rest = fieldsets
        fields = tuple(field for field in options["fields"] if field != "tracking_code")
        duplicates = (duplicates[0], {**duplicates[1], "fields": ("duplicate_code",)})
        return [(name, {**options, "fields": fields}), subject, duplicates, *rest]

    def get_changeform_initial_data(self, request):
        """A cadre records problems it handles: it is the default assignee."""
        initial = super().get_changeform_initial_data(request)
        return cadre_defaults(request, initial, assignee="pk", district="district_id")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        status = badge(PROBLEM_COLOURS[obj.status], obj.get_status_display())
        flags = []
        if obj.reopened:
            flags.append(badge(RED, gettext("reopened ×%(count)d") % {"count": obj.reopened}))
        if getattr(obj, "is_carried_over", False) and obj.status in OPEN_STATUSES:
            flags.append(badge(RED, gettext("carried over")))
        return format_html_join(" ", "{}", ((part,) for part in (status, *flags)))

    @admin.display(description=_("due date"), ordering="due_date")
    def due(self, obj):
        if obj.due_date is None:
            return "-"
        if obj.is_overdue:
            return badge(RED, gettext("%(date)s (overdue)") % {"date": obj.due_date})
        return obj.due_date


@admin.register(ProblemLimit)
class ProblemLimitAdmin(SimpleHistoryAdmin):
    """Each category's time limits in working days (the city admin's to edit); a category
    without a row has the defaults: 1, 3 and 15 working days."""

    list_display = ("category", "response_days", "stage_days", "closure_days")
    list_editable = ("response_days", "stage_days", "closure_days")


@admin.register(ProblemRoute)
class ProblemRouteAdmin(SimpleHistoryAdmin):
    """The routing table (the city admin's): category × district → responsible unit and
    handler; a row without a category is the district's default. Applied on every intake."""

    list_display = ("district", "category_or_default", "responsible_unit", "handler")
    list_filter = ("district", "category")
    search_fields = ("responsible_unit", "handler__name")
    list_select_related = ("district", "handler")
    autocomplete_fields = ("handler",)

    @admin.display(description=_("category"), ordering="category")
    def category_or_default(self, obj):
        return obj.get_category_display() if obj.category else gettext("(default)")


# --- Meetings and their matters ------------------------------------------------------------


class MatterInline(ListedInline):
    """The matters a meeting assigned (交办): ledger problems, each linking to its page,
    with the reason one was carried over to a later meeting."""

    model = Problem
    fk_name = "meeting"
    fields = (
        "tracking_code",
        "title",
        "status",
        "assignee",
        "due_date",
        "resolved_on",
        "carried_over",
    )
    verbose_name = _("matter assigned")
    verbose_name_plural = _("matters assigned")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("carry_overs__carried_to", "carry_overs__period")
        )

    @admin.display(description=_("carried over"))
    def carried_over(self, obj):
        records = list(obj.carry_overs.all())
        if not records:
            return "-"
        return format_html_join(
            mark_safe("<br>"),
            "{} · {}",
            ((record.reason, record.status_label) for record in records),
        )


admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingWithMattersAdmin(MeetingAdmin):
    """projects' meeting admin with the matters it assigned and its closure rate (the
    matters live in the ledger, a layer above projects)."""

    inlines = (MatterInline,)
    readonly_fields = ("closure_rate", "carried_in")

    @admin.display(description=_("matters carried over to this meeting"))
    def carried_in(self, obj):
        """Matters of earlier meetings carried over to this one: their project was still red
        when the next month was published."""
        if obj is None or obj.pk is None:
            return "-"
        # The meeting's own unit's matters, as its assigned matters are listed (MatterInline).
        records = obj.carried_over.select_related("period", "carried_to", "problem")
        return carry_over_rows(records, matter=True)

    @admin.display(description=_("closure rate"))
    def closure_rate(self, obj):
        """Matters resolved or closed today ÷ matters assigned (as GET /api/v1/meetings/)."""
        if obj is None or obj.pk is None:
            return "-"
        counts = obj.problems.aggregate(
            matters=Count("pk"), done=Count("pk", filter=problem_done(timezone.localdate()))
        )
        rate = percent(counts["done"], counts["matters"])
        if rate is None:
            return "-"
        return gettext("%(rate)s%% (%(done)d of %(matters)d)") % {"rate": rate, **counts}
