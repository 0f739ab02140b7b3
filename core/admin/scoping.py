"""Admin building blocks: district scoping, workflow buttons and actions, history, Excel.

Every ModelAdmin of the project is built from these, so that the rules hold everywhere:

- `ScopedAdminMixin` routes every queryset through the one visibility gate
  (`.managed_by(request.user)`), limits foreign-key choices (forms, inlines, autocomplete)
  to rows the user may see, answers 404 for another district's object, and refuses a save
  that would put a row outside the user's reach (a crafted POST). Its form checks every
  constraint of the row (`WholeRowForm`), and a lost race on a unique key is a form error.
- `WorkflowAdminMixin` turns the model's workflow (core.workflow) into admin actions and
  change-form buttons, with a small intermediate form when a reason is needed.
- `ScopedHistoryAdmin` shows simple_history's change history without letting anyone but a
  city administrator "revert" a row behind the workflow's back.
- `ScopedImportExportMixin` gives Excel/CSV import and export with the importing user's scope.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from core.scoping import cadre_of, sees_everything, visible_choices
from core.spreadsheets import CSV, XLSX

from .history import ReadableChangeHelper
from .imports import KeptFileImportMixin


class WholeRowForm(forms.ModelForm):
    """A model form that also checks the check constraints on fields it does not show (dates
    a workflow sets, read-only here): Django skips those, and the database would refuse the
    save with an IntegrityError instead of a form error with the constraint's message."""

    def _post_clean(self):
        super()._post_clean()
        shown = set(self.fields)
        for constraint in self.instance._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            if constraint.condition.referenced_base_fields <= shown:
                continue  # checked by Django already
            try:
                constraint.validate(type(self.instance), self.instance)
            except ValidationError as exc:
                self.add_error(None, exc)


class ScopedFormfieldsMixin:
    """Foreign-key and many-to-many choices limited to what the user may see (admins and
    inlines); a crafted POST naming another district's row fails as an invalid choice."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = visible_choices(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = visible_choices(db_field.related_model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ListedInline(ScopedFormfieldsMixin, admin.TabularInline):
    """Rows listed on their parent's page, each linking to its own page, where they are
    edited under their workflow (reports, problems): nothing to add or change here."""

    extra = 0
    show_change_link = True
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def cadre_defaults(request, initial, **fields):
    """Add-form defaults for a cadre's own records: `fields` maps a form field to a
    Cadre attribute (e.g. cadre="pk", district="district_id")."""
    cadre = cadre_of(request.user)
    if cadre is not None:
        for name, attribute in fields.items():
            initial.setdefault(name, getattr(cadre, attribute))
    return initial


class ScopedAdminMixin(ScopedFormfieldsMixin):
    """A ModelAdmin whose rows, choices and object permissions follow `.managed_by(user)`;
    its form checks the model's constraints on the whole row (WholeRowForm)."""

    form = WholeRowForm

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        """Another district's object answers 404 (Django's default is a redirect)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object, or it is not yours to see."))
        return obj

    def is_visible(self, request, obj):
        """Whether the user's scope contains `obj` (cached per request and object)."""
        if sees_everything(request.user):
            return True
        if obj.pk is None:
            return False
        cache = request.__dict__.setdefault("_visible_objects", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            cache[key] = self.get_queryset(request).filter(pk=obj.pk).exists()
        return cache[key]

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.is_visible(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.is_visible(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.is_visible(request, obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            if request.method != "POST":
                raise
        # Another request saved the same unique key between this form's validation and its
        # save (a lost race; the failed save was rolled back): validate again, and the form
        # shows the model's own message.
        for upload in request.FILES.values():
            upload.seek(0)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Refuse (and roll back) a save that leaves the row outside the user's scope."""
        super().save_model(request, obj, form, change)
        request.__dict__.pop("_visible_objects", None)
        if not self.is_visible(request, obj):
            raise PermissionDenied(gettext("This row would be outside your district."))


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Change history visible to whoever sees the row; reverting only by a city admin,
    because a revert would rewrite workflow state (status, reviewer) without the services."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChangeHelper(self.model, historical_record)

    def has_change_history_permission(self, request, obj=None):
        return sees_everything(request.user) and super().has_change_history_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        if not sees_everything(request.user):
            self.get_object(request, unquote(object_id))  # 404 outside the user's scope
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not sees_everything(request.user):
            self.get_object(request, unquote(object_id))
            # simple_history saves a POSTed historic version without checking change rights.
            if request.method == "POST":
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# --- Workflow transitions (services as actions and buttons) --------------------------------


class TransitionForm(forms.Form):
    """The intermediate form of a transition; `user` limits any choice it offers. Its
    cleaned data are the keywords of the transition's `apply` (core.workflow)."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


def error_text(exc):
    """A ValidationError or PermissionDenied as one readable sentence."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or gettext("You may not do this.")


class WorkflowAdminMixin:
    """Admin actions and change-form buttons derived from the model's `workflow`
    (core.workflow.Workflow): a button for each step the user may take on the object now,
    an action for each step its role may take; `transition_forms` ask for what a step
    needs (a reason, a resolution …)."""

    workflow = None
    transition_forms: dict[str, type[TransitionForm]] = {}
    change_form_template = "admin/workflow_change_form.html"
    transition_template = "admin/workflow_transition.html"

    def get_transition(self, name, request):
        transition = self.workflow.get(name)
        if transition is None:
            raise Http404(_("No such workflow step."))
        if transition not in self.workflow.offered_to(request.user):
            raise PermissionDenied
        return transition

    def get_transition_form(self, transition, request, data=None):
        form_class = self.transition_forms.get(transition.name)
        return None if form_class is None else form_class(data, user=request.user)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{info[0]}_{info[1]}_transition",
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        for transition in self.workflow.offered_to(request.user):
            actions[f"transition_{transition.name}"] = (
                self._action_for(transition),
                f"transition_{transition.name}",
                transition.label,
            )
        return actions

    def _action_for(self, transition):
        def action(modeladmin, request, queryset):
            data = request.POST if "apply" in request.POST else None
            form = modeladmin.get_transition_form(transition, request, data)
            if form is not None and not form.is_valid():
                return modeladmin.render_transition(request, transition, form, queryset=queryset)
            modeladmin.apply_transition(request, transition, queryset, form)
            return None

        return action

    def apply_transition(self, request, transition, objects, form=None):
        """Run the step on each object (each in its own savepoint); report the outcome."""
        data = form.cleaned_data if form is not None else {}
        done, failed = 0, []
        for obj in objects:
            try:
                with transaction.atomic():
                    self.workflow.run(transition.name, obj, user=request.user, **data)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                failed.append(f"{obj}: {error_text(exc)}")
        if done:
            self.message_user(
                request,
                gettext("%(step)s: %(count)d done.") % {"step": transition.label, "count": done},
                messages.SUCCESS,
            )
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)
        return done

    def render_transition(self, request, transition, form, *, obj=None, queryset=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": transition.label,
            "transition": transition,
            "form": form,
            "object": obj,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": f"transition_{transition.name}",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.transition_template, context)

    def transition_view(self, request, object_id, name):
        """The page behind a change-form button: confirm (and give a reason), then run."""
        obj = self.get_object(request, unquote(object_id))
        transition = self.get_transition(name, request)
        data = request.POST if request.method == "POST" else None
        form = self.get_transition_form(transition, request, data)
        if request.method == "POST" and (form is None or form.is_valid()):
            self.apply_transition(request, transition, [obj], form)
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[obj.pk],
                )
            )
        return self.render_transition(request, transition, form, obj=obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        buttons = []
        if obj is not None and obj.pk:
            name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_transition"
            for transition in self.workflow.allowed(obj, request.user):
                url = reverse(name, args=[obj.pk, transition.name])
                buttons.append({"url": url, "label": transition.label, "name": transition.name})
        context["workflow_buttons"] = buttons
        return super().render_change_form(request, context, add, change, form_url, obj)


# --- Excel and CSV in and out --------------------------------------------------------------


class ScopedImportExportMixin(KeptFileImportMixin, ImportExportMixin):
    """Import and export (.xlsx, .csv) within the user's scope.

    The resource gets the user (it limits code look-ups and existing rows to the user's
    scope); export starts from the scoped changelist; importing needs add and change rights;
    an import with any bad row imports nothing (see core.resources), and the file is kept
    to be checked again (core.admin.imports).
    """

    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]
    # Whole rows only: an export is also the file one edits and imports back.
    export_form_class = ExportForm
    import_template = None  # file name under static/import-templates/

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The library's, except that native numbers and dates go to every binary format:
        it looks formats up by exact class, which misses our formula-safe XLSX subclass."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(
            request, queryset, force_native_type=file_format.is_binary(), **kwargs
        )
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        if self.import_template:
            context["import_template_url"] = static(f"import-templates/{self.import_template}")
        return context

    def process_result(self, result, request):
        # Reached only after a clean dry run; should the real run still fail, say so.
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, gettext("The file has errors; nothing was imported."))
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        return super().process_result(result, request)
