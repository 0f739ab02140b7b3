"""Admin for key projects: the project page with all it carries, and the monthly reports.

Every list shows its figures from annotations or joins (no query per row); the project
list's plan, completion rate and warning light come from `projects.progress.annotate_progress`.
Reports move through the review workflow only by the services (actions and buttons).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext_lazy, pgettext
from django.utils.translation import gettext_lazy as _

from core.admin.display import RED, badge, changelist_url, money_column
from core.admin.imports import ImportFollowUpMixin
from core.admin.scoping import (
    ListedInline,
    ScopedAdminMixin,
    ScopedFormfieldsMixin,
    ScopedHistoryAdmin,
    ScopedImportExportMixin,
    TransitionForm,
    WholeRowForm,
    WorkflowAdminMixin,
    error_text,
)
from core.formulas import percent, points_ahead
from core.period import Period, PeriodForm
from core.templatetags.figures import amount
from core.validators import parse_day, whole_number

from . import progress, workbench  # noqa: F401 - workbench adds its pages to the site
from .choices import PIPELINE_STAGES, PoolReviewStatus, ReportStatus, RoundList, WarningLight
from .models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Meeting,
    Milestone,
    Photo,
    PoolReview,
    ProgressReport,
    Project,
    RequiredApproval,
    ResourceNeed,
    Round,
    RoundEntry,
)
from .pipeline import POOL_WORKFLOW, pool_propose, round_fill
from .plausibility import with_evidence
from .querysets import DUE_SOON_DAYS, approval_late
from .resources import AnnualPlanResource, ProgressReportResource, ProjectResource
from .services import (
    EDITABLE_STATUSES,
    REPORT_WORKFLOW,
    photo_write_check,
    report_can_edit,
    report_write_check,
)

LIGHT_COLOURS = {
    WarningLight.GREEN: "#2e7d32",
    WarningLight.YELLOW: "#f9a825",
    WarningLight.RED: RED,
}
STATUS_COLOURS = {
    ReportStatus.DRAFT: "#666",
    ReportStatus.SUBMITTED: "#1565c0",
    ReportStatus.APPROVED: "#2e7d32",
    ReportStatus.RETURNED: RED,
}


# --- List filters ---------------------------------------------------------------------------


def progress_period(request):
    """The period whose plan, completion and light the project list shows (core.period):
    `?year=` up to its newest closed month, else the newest closed period."""
    if "_progress_period" not in request.__dict__:
        form = PeriodForm({"year": request.GET.get("year")}, with_month=False)
        request._progress_period = form.period()
    return request._progress_period


class PlanYearFilter(admin.SimpleListFilter):
    """Projects with an annual plan in a year; the list's progress columns follow the year."""

    title = _("year with a plan")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = AnnualPlan.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        year = whole_number(self.value())
        if year is not None:
            return queryset.filter(annual_plans__year=year)
        return queryset


class ReportYearFilter(admin.SimpleListFilter):
    """The years reports were filed for, from the first to the last (two index lookups; a
    DISTINCT over a province's 1.2 million reports took 100–200 ms on every page)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = ProgressReport.objects.aggregate(first=Min("year"), last=Max("year"))
        if span["first"] is None:
            return []
        return [(str(y), str(y)) for y in range(span["last"], span["first"] - 1, -1)]

    def queryset(self, request, queryset):
        year = whole_number(self.value())
        return queryset if year is None else queryset.filter(year=year)


class ReportMonthFilter(admin.SimpleListFilter):
    """Months 1 to 12, without reading the reports."""

    title = _("month")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        return [(str(m), str(m)) for m in range(1, 13)]

    def queryset(self, request, queryset):
        month = whole_number(self.value())
        return queryset if month is None else queryset.filter(month=month)


class WarningFilter(admin.SimpleListFilter):
    title = _("warning light")
    parameter_name = "warning"

    def lookups(self, request, model_admin):
        return WarningLight.choices

    def queryset(self, request, queryset):
        if self.value() in WarningLight.values:
            return queryset.filter(warning=self.value())
        return queryset


DUE_SOON = ngettext_lazy("Due within %(days)d day", "Due within %(days)d days", "days") % {
    "days": DUE_SOON_DAYS
}


class MilestoneDueFilter(admin.SimpleListFilter):
    """Milestones past their planned date without an actual date, or due soon."""

    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("soon", DUE_SOON)]

    def queryset(self, request, queryset):
        """`overdue` today, or `overdue-YYYY-MM-DD`: planned that year and overdue on that
        day, as a period's figures count them (core.period)."""
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        day = parse_day((self.value() or "").removeprefix("overdue-"))
        if day is not None:
            return queryset.filter(planned_date__year=day.year).overdue(day)
        if self.value() == "soon":
            return queryset.due_soon(today)
        return queryset


# --- Inlines of the project page ------------------------------------------------------------


class ProjectPartInline(ScopedFormfieldsMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


class AnnualPlanInline(ProjectPartInline):
    model = AnnualPlan
    fields = ("year", "planned_investment", "goals")


class ProgressReportInline(ListedInline):
    model = ProgressReport
    fields = ("year", "month", "completed_investment", "status")


class MilestoneInline(ProjectPartInline):
    model = Milestone
    fields = ("kind", "name", "planned_date", "actual_date")


class FundingInline(ProjectPartInline):
    model = Funding
    fields = ("year", "kind", "secured", "disbursed", "note")


class ApprovalItemInline(ProjectPartInline):
    model = ApprovalItem
    fields = (
        "kind",
        "name",
        "required",
        "legal_days",
        "promised_days",
        "applied_on",
        "approved_on",
        "due_date",
        "actual_days",
    )
    readonly_fields = ("due_date", "actual_days")


class ResourceNeedInline(ProjectPartInline):
    model = ResourceNeed
    fields = ("kind", "needed", "secured", "note", "raised_at")
    readonly_fields = ("raised_at",)


def checked_form(form_class, check):
    """An admin form whose instance passes `check` (the one write check of reports:
    report_write_check, photo_write_check); a refusal is a form error."""

    class CheckedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            try:
                check(self.instance)
            except ValidationError as error:
                # A refusal about a field the form does not show is the form's own error.
                self._update_errors(
                    ValidationError(
                        {
                            name if name in self.fields else NON_FIELD_ERRORS: messages_
                            for name, messages_ in error.message_dict.items()
                        }
                    )
                )

    return CheckedForm


def photo_check(request):
    return lambda photo: photo_write_check(photo=photo, user=request.user)


class CheckedPhotos:
    """Photo admins whose every write — add, change, delete, one by one or in bulk, on their
    own page or a project's — passes the photo's report's write check."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        check = photo_check(request)

        class CheckedFormSet(formset):
            form = checked_form(formset.form, check)

            def clean(self):
                super().clean()
                for form in self.forms:
                    if form.instance.pk and self._should_delete_form(form):
                        try:
                            check(form.instance)
                        except ValidationError as error:
                            raise ValidationError(error.messages) from None

        return CheckedFormSet

    def get_form(self, request, obj=None, change=False, **kwargs):
        return checked_form(
            super().get_form(request, obj, change=change, **kwargs), photo_check(request)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_write(request, obj)

    def _may_write(self, request, obj):
        if not isinstance(obj, Photo):
            return True
        try:
            photo_write_check(photo=obj, user=request.user)
        except ValidationError:
            return False
        return True

    def delete_queryset(self, request, queryset):
        check = photo_check(request)
        for photo in queryset:
            try:
                check(photo)
            except ValidationError as error:
                self.message_user(request, f"{photo}: {' '.join(error.messages)}", messages.ERROR)
            else:
                photo.delete()


class PhotoInline(CheckedPhotos, ProjectPartInline):
    model = Photo
    fields = ("image", "caption", "taken_on", "report", "order")
    autocomplete_fields = ("report",)


class RoundEntryInline(ProjectPartInline):
    model = RoundEntry
    fields = ("round", "round_list")


# --- Key projects ---------------------------------------------------------------------------


class ProjectForm(WholeRowForm):
    """Whether a code is taken is said only when nothing else stops the save (no field, rule
    or inline row is wrong): else a reporter could try another district's unpublished codes
    with a field left wrong, and learn which exist without creating anything."""

    def validate_unique(self):
        pass  # run last, by _post_clean

    def _post_clean(self):
        super()._post_clean()
        if not self._validate_unique:
            return
        exclude = self._get_validation_exclusions()
        inlines = getattr(self.instance, "_inline_formsets", ())  # ProjectAdmin's
        if self._errors or not all(formset.is_valid() for formset in inlines):
            exclude.add("code")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Project)
class ProjectAdmin(ScopedImportExportMixin, ScopedHistoryAdmin):
    form = ProjectForm
    resource_classes = [ProjectResource]
    import_template = "projects.xlsx"
    list_display = (
        "code",
        "name",
        "district",
        "stage",
        "total_investment_amount",
        "year_plan",
        "year_completed",
        "completion_rate",
        "warning_light",
        "overdue_milestones_link",
        "is_published",
    )
    list_display_links = ("code", "name")
    list_filter = (
        PlanYearFilter,
        WarningFilter,
        "district",
        "stage",
        "level",
        "category",
        "nature",
        "industry",
        "is_published",
    )
    search_fields = ("name", "code", "national_code", "owner__name", "owner__credit_code")
    list_select_related = ("district", "industry")
    date_hierarchy = "planned_start"
    autocomplete_fields = ("owner",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("code", "national_code", "name", "district", "is_published")}),
        (
            _("Classification"),
            {"fields": ("level", "category", "nature", "industry", "stage")},
        ),
        (_("Investment and owner"), {"fields": ("total_investment", "owner", "leader")}),
        (
            _("Schedule"),
            {
                "fields": (
                    ("planned_start", "actual_start"),
                    ("planned_completion", "actual_completion"),
                )
            },
        ),
        (
            _("Location and content"),
            {"fields": ("location", ("latitude", "longitude"), "construction_content")},
        ),
        (_("Record"), {"fields": ("is_sample", "created_at", "updated_at")}),
    )
    inlines = (
        AnnualPlanInline,
        ProgressReportInline,
        MilestoneInline,
        FundingInline,
        ApprovalItemInline,
        ResourceNeedInline,
        PhotoInline,
        RoundEntryInline,
    )

    def _create_formsets(self, request, obj, change):
        # Django's hook that makes the inline formsets before the form is validated, with
        # the form's instance: ProjectForm checks the code once they are known valid.
        formsets, inlines = super()._create_formsets(request, obj, change)
        obj._inline_formsets = formsets
        return formsets, inlines

    def get_queryset(self, request):
        """Scoped projects with the year's plan, approved completion, warning light
        (progress.annotate_progress) and the number of overdue milestones, all in one query."""
        period = progress_period(request)
        overdue = (
            Milestone.objects.overdue(period.as_of)
            .filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(count=Count("pk"))
            .values("count")
        )
        projects = progress.annotate_progress(super().get_queryset(request), period=period)
        return projects.annotate(
            overdue_milestones=Coalesce(Subquery(overdue), 0),
            period_month=Value(period.month, output_field=models.IntegerField()),
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "subtitle": gettext("Plan, approved completion and light: %(period)s")
            % {"period": progress_period(request).label},
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    total_investment_amount = money_column("total_investment", _("Total investment"))
    year_plan = money_column("plan_investment", _("Annual plan"))
    year_completed = money_column("completed_investment", _("Completed investment"))

    @admin.display(description=_("completion rate"))
    def completion_rate(self, obj):
        rate = percent(obj.completed_investment, obj.plan_investment)
        return "-" if rate is None else f"{rate}%"

    @admin.display(description=_("warning"), ordering="warning")
    def warning_light(self, obj):
        reasons = progress.light_reasons(
            warning=obj.warning,
            points=points_ahead(obj.completed_investment, obj.plan_investment, obj.period_month),
            late_milestones=obj.late_milestones,
            start_missed=obj.start_missed,
        )
        light = badge(LIGHT_COLOURS[obj.warning], WarningLight(obj.warning).label)
        if not reasons:
            return light
        return format_html("{}<br><small>{}</small>", light, "; ".join(reasons))

    @admin.display(description=_("overdue milestones"), ordering="overdue_milestones")
    def overdue_milestones_link(self, obj):
        if not obj.overdue_milestones:
            return 0
        url = changelist_url(Milestone, project__id__exact=obj.pk, due="overdue")
        return format_html(
            '<a href="{}" style="color:{};font-weight:bold">{}</a>',
            url,
            RED,
            obj.overdue_milestones,
        )


# --- Monthly reports and their review -------------------------------------------------------


class ReturnReportForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason for return"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The reporter sees this and corrects the report."),
    )


class ReportPhotoInline(CheckedPhotos, ScopedFormfieldsMixin, admin.TabularInline):
    """Photos of this month; their project is the report's."""

    model = Photo
    fk_name = "report"
    fields = ("image", "caption", "taken_on", "order")
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(
    ImportFollowUpMixin, WorkflowAdminMixin, ScopedImportExportMixin, ScopedHistoryAdmin
):
    resource_classes = [ProgressReportResource]
    import_template = "progress_reports.xlsx"
    workflow = REPORT_WORKFLOW
    transition_forms = {"return": ReturnReportForm}
    import_follow_up = "submit"  # one click submits the imported drafts
    list_display = (
        "project",
        "district",
        "year",
        "month",
        "completed_investment_amount",
        "status_badge",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    )
    list_filter = ("status", ReportYearFilter, ReportMonthFilter, "project__district")
    search_fields = ("project__name", "project__code")
    list_select_related = ("project", "project__district", "reviewed_by")
    # Newest month first, by project id within it: read in order from the index
    # report_newest_first (ordering by the project's code sorted every report: 1.7 s at
    # 100,000 projects); the one-per-month constraint makes it total (no -pk added).
    ordering = ("-year", "-month", "project_id")
    show_full_result_count = False
    autocomplete_fields = ("project",)
    fields = (
        "project",
        ("year", "month"),
        ("completed_investment", "cumulative_investment"),
        "year_progress",
        "plausibility",
        "narrative",
        "problems_met",
        "status",
        "return_reason",
        ("created_by", "edited_by"),
        ("submitted_by", "submitted_at"),
        ("reviewed_by", "reviewed_at"),
    )
    readonly_fields = (
        "year_progress",
        "plausibility",
        "status",
        "return_reason",
        "created_by",
        "edited_by",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    )
    inlines = (ReportPhotoInline,)

    completed_investment_amount = money_column("completed_investment", _("Completed in the month"))

    @admin.display(description=_("district"), ordering="project__district")
    def district(self, obj):
        return obj.project.district

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(STATUS_COLOURS[obj.status], obj.get_status_display())

    @admin.display(description=_("progress this year (approved)"))
    def year_progress(self, obj):
        """What the reviewer weighs: the project's year so far, from the formulas module."""
        if obj.pk is None:
            return "-"
        # The reviewer weighs the report's own month, whatever the clock says.
        figures = progress.project_progress(obj.project, period=Period(obj.year, obj.month))
        return gettext(
            "%(completed)s of %(planned)s completed by month %(month)s: "
            "%(rate)s%% against a schedule of %(schedule)s%%"
        ) % {
            "completed": amount(figures["completed_investment"]),
            "planned": amount(figures["planned_investment"]),
            "month": figures["month"],
            "rate": figures["completion_rate"] if figures["completion_rate"] is not None else "-",
            "schedule": figures["schedule_rate"],
        }

    @admin.display(description=_("plausibility flags"))
    def plausibility(self, obj):
        """Each flag with its evidence (projects.plausibility), as on the reviewer's card."""
        if obj.pk is None:
            return "-"
        report = with_evidence(ProgressReport.objects.filter(pk=obj.pk)).get()
        if not report.flagged:
            return gettext("None: nothing in the figures or photos asks for a second look.")
        return render_to_string("admin/includes/report_flags.html", {"report": report})

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form runs the reports' one write check (report_write_check) as a form error."""

        def check(report):
            if report.year and report.month:
                report_write_check(report=report, user=request.user)

        return checked_form(super().get_form(request, obj, change=change, **kwargs), check)

    def follow_up_rows(self, imported):
        return list(imported.filter(status__in=EDITABLE_STATUSES))

    def has_change_permission(self, request, obj=None):
        """Approved (and submitted) reports are locked for reporters: report_can_edit."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or report_can_edit(report=obj, user=request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or report_can_edit(report=obj, user=request.user))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.edited_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for photo in formset.save(commit=False):
            photo.project_id = form.instance.project_id
            photo.save()
        for photo in formset.deleted_objects:
            photo.delete()


# --- The other records of a project -------------------------------------------------------


class ProjectPartAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A record that belongs to one project: scoped by the project's district."""

    autocomplete_fields = ("project",)
    list_select_related = ("project",)
    search_fields = ("project__name", "project__code")


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ScopedImportExportMixin, ScopedHistoryAdmin, ProjectPartAdmin):
    resource_classes = [AnnualPlanResource]
    import_template = "annual_plans.xlsx"
    list_display = ("project", "year", "planned_investment_amount")
    planned_investment_amount = money_column("planned_investment", _("Planned investment"))
    list_filter = ("year", "project__district")


@admin.register(Milestone)
class MilestoneAdmin(ScopedHistoryAdmin, ProjectPartAdmin):
    list_display = ("project", "kind", "name", "planned_date", "actual_date", "due_state")
    list_filter = (MilestoneDueFilter, "kind", "project__district")
    search_fields = (*ProjectPartAdmin.search_fields, "name")
    date_hierarchy = "planned_date"

    def get_queryset(self, request):
        return super().get_queryset(request).with_due_state(timezone.localdate())

    @admin.display(description=_("state"))
    def due_state(self, obj):
        if obj.actual_date:
            return badge(LIGHT_COLOURS[WarningLight.GREEN], gettext("Reached"))
        if obj.overdue:
            return badge(RED, gettext("Overdue"))
        if obj.due_soon:
            return badge(LIGHT_COLOURS[WarningLight.YELLOW], DUE_SOON)
        return "-"


@admin.register(Funding)
class FundingAdmin(ScopedHistoryAdmin, ProjectPartAdmin):
    list_display = ("project", "year", "kind", "secured_amount", "disbursed_amount")
    secured_amount = money_column("secured", _("Secured"))
    disbursed_amount = money_column("disbursed", _("Disbursed"))
    list_filter = ("year", "kind", "project__district")


class ApprovalLateFilter(admin.SimpleListFilter):
    """Approval items past their due date today (querysets.approval_late)."""

    title = _("late")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", _("Late")), ("no", _("Not late"))]

    def queryset(self, request, queryset):
        late = approval_late(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(ApprovalItem)
class ApprovalItemAdmin(ScopedHistoryAdmin, ProjectPartAdmin):
    list_display = (
        "project",
        "kind",
        "name",
        "required",
        "promised_days",
        "applied_on",
        "due_date",
        "approved_on",
        "actual_days",
        "late_state",
    )
    list_filter = (ApprovalLateFilter, "required", "kind", "project__district")
    readonly_fields = ("due_date", "actual_days")
    date_hierarchy = "applied_on"

    def get_queryset(self, request):
        return super().get_queryset(request).with_late(timezone.localdate())

    @admin.display(description=_("late"), ordering="late")
    def late_state(self, obj):
        if obj.late:
            return badge(RED, gettext("Late"))
        if obj.approved_on:
            return badge(LIGHT_COLOURS[WarningLight.GREEN], pgettext("approval item", "Approved"))
        return "-"


@admin.register(RequiredApproval)
class RequiredApprovalAdmin(admin.ModelAdmin):
    """The city's 前期手续 list: per project category, the approvals a project must obtain,
    with their usual limits; added to a project when the city approves it into the pool."""

    list_display = ("category", "kind", "name", "legal_days", "promised_days", "order")
    list_editable = ("name", "legal_days", "promised_days", "order")
    list_filter = ("category", "kind")


@admin.register(Photo)
class PhotoAdmin(CheckedPhotos, ProjectPartAdmin):
    list_display = ("caption", "project", "report", "taken_on")
    list_select_related = ("project", "report", "report__project")
    autocomplete_fields = ("project", "report")
    search_fields = (*ProjectPartAdmin.search_fields, "caption")
    date_hierarchy = "taken_on"


@admin.register(RoundEntry)
class RoundEntryAdmin(ProjectPartAdmin):
    list_display = ("round", "round_list", "project")
    list_filter = ("round", "round_list", "project__district")
    list_select_related = ("round", "project")
    autocomplete_fields = ("round", "project")


class RoundEntryOfRoundInline(ProjectPartInline):
    model = RoundEntry
    fields = ("round_list", "project")
    autocomplete_fields = ("project",)


def fill_action(round_list):
    """An admin action putting every candidate from the pipeline on one list of the
    selected rounds (projects.pipeline.round_fill)."""

    def fill(modeladmin, request, queryset):
        for round_ in queryset:
            try:
                added = round_fill(round_=round_, round_list=round_list, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                modeladmin.message_user(request, f"{round_}: {error_text(exc)}", messages.ERROR)
                continue
            modeladmin.message_user(
                request,
                gettext("%(round)s · %(list)s: %(count)d projects added from the pipeline.")
                % {"round": round_, "list": RoundList(round_list).label, "count": added},
                messages.SUCCESS,
            )

    fill.__name__ = f"fill_{round_list}"
    label = format_lazy(
        _("Fill the “{list}” list from the pipeline"), list=RoundList(round_list).label
    )
    return admin.action(description=label, permissions=["fill"])(fill)


@admin.register(Round)
class RoundAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "number", "district", "held_on")
    list_filter = ("district",)
    list_select_related = ("district",)
    search_fields = ("name", "code")
    date_hierarchy = "held_on"
    inlines = (RoundEntryOfRoundInline,)
    actions = [fill_action(round_list) for round_list in RoundList.values]

    def has_fill_permission(self, request):
        """Filling a list adds round entries: whoever may add them (reporters, the city)."""
        return request.user.has_perm("projects.add_roundentry")


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("held_on", "title", "kind", "district", "chair")
    list_filter = ("kind", "district")
    list_select_related = ("district",)
    search_fields = ("title", "chair", "minutes")
    date_hierarchy = "held_on"


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("name", "code")


# --- The pipeline: the city's project pool (入库) -------------------------------------------


class ReturnPoolForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason for return"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The unit sees this and may propose the project again."),
    )


POOL_COLOURS = {
    PoolReviewStatus.PROPOSED: "#1565c0",
    PoolReviewStatus.APPROVED: "#2e7d32",
    PoolReviewStatus.RETURNED: RED,
}


@admin.register(PoolReview)
class PoolReviewAdmin(WorkflowAdminMixin, ScopedHistoryAdmin, ProjectPartAdmin):
    """入库: a unit proposes a reserve or preliminary project (adding a review proposes it);
    the city approves or returns it by the workflow's buttons (projects.pipeline)."""

    workflow = POOL_WORKFLOW
    transition_forms = {"return": ReturnPoolForm}
    list_display = (
        "project",
        "district",
        "stage",
        "status_badge",
        "proposed_by",
        "proposed_at",
        "reviewed_by",
        "reviewed_at",
    )
    list_filter = ("status", "project__district", "project__stage")
    list_select_related = ("project", "project__district", "proposed_by", "reviewed_by")
    fields = (
        "project",
        "reason",
        "status",
        ("proposed_by", "proposed_at"),
        ("reviewed_by", "reviewed_at"),
        "return_reason",
    )
    readonly_fields = (
        "status",
        "proposed_by",
        "proposed_at",
        "reviewed_by",
        "reviewed_at",
        "return_reason",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ("project", "reason", *self.readonly_fields)

    def has_change_permission(self, request, obj=None):
        # Only the workflow changes a review; its page is read with its buttons.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            proposed = pool_propose(project=obj.project, user=request.user, reason=obj.reason)
        except (ValidationError, PermissionDenied) as exc:
            raise ValidationError(error_text(exc)) from exc
        obj.pk = proposed.pk

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form_class

        class ProposeForm(form_class):
            def clean(self):
                cleaned = super().clean()
                project = cleaned.get("project")
                if project is not None and project.stage not in PIPELINE_STAGES:
                    raise ValidationError(
                        {
                            "project": gettext(
                                "Only a reserve or preliminary-work project may be proposed "
                                "for the pool."
                            )
                        }
                    )
                return cleaned

        return ProposeForm

    @admin.display(description=_("district"), ordering="project__district")
    def district(self, obj):
        return obj.project.district

    @admin.display(description=_("stage"), ordering="project__stage")
    def stage(self, obj):
        return obj.project.get_stage_display()

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(POOL_COLOURS[obj.status], obj.get_status_display())
