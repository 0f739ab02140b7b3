"""Excel imports as district ledgers need them (django-import-export's admin, extended):

- `KeptFileImportMixin`: a file whose check found errors is kept (in the import's temporary
  storage, named in the user's session), so that after fixing what the errors point to in
  the system — a missing annual plan, say — it is checked again without choosing it anew;
- `ImportFollowUpMixin`: after an import, one click takes a workflow step on the imported
  rows still waiting for it (submit the imported drafts for review).

The error table itself (Excel's row number, column, value, message) is
`core.templatetags.imports.excel_errors`, rendered by admin/import_export/import.html.
"""

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export.results import RowResult

IMPORTED = (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)


class KeptFileImportMixin:
    """Keep a file with errors; `recheck` (a POST without a file) checks the kept one again."""

    def _kept_key(self):
        return f"kept-import:{self.opts.label_lower}"

    def _read_kept(self, kept):
        input_format = self.get_import_formats()[int(kept["format"])]()
        storage = self.get_tmp_storage_class()(
            name=kept["tmp"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            return storage.read()
        except OSError:
            return None

    def import_action(self, request, **kwargs):
        kept = request.session.get(self._kept_key())
        if request.method == "POST" and "recheck" in request.POST:
            data = self._read_kept(kept) if kept else None
            if data is None:
                messages.error(request, _("The kept file is gone: choose the file again."))
                return HttpResponseRedirect(request.path)
            request.POST = request.POST.copy()
            request.POST["format"], request.POST["resource"] = kept["format"], kept["resource"]
            request.FILES["import_file"] = SimpleUploadedFile(kept["name"], data)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result, form = context.get("result"), context.get("form")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            upload = form.cleaned_data["import_file"]
            request.session[self._kept_key()] = {
                "tmp": upload.tmp_storage_name,
                "name": upload.name,
                "format": form.cleaned_data["format"],
                "resource": form.cleaned_data.get("resource", ""),
            }
            context["kept_file"] = upload.name
        elif result is not None:
            request.session.pop(self._kept_key(), None)
        return response


class ImportFollowUpMixin:
    """After an import, offer `import_follow_up` (a workflow step's name, e.g. "submit") on
    the imported rows it applies to, as one confirmation page with one button. Needs the
    WorkflowAdminMixin's steps."""

    import_follow_up = None

    def _follow_up_key(self):
        return f"import-follow-up:{self.opts.label_lower}"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/follow-up/",
                self.admin_site.admin_view(self.import_follow_up_view),
                name="{}_{}_import_follow_up".format(*info),
            ),
            *super().get_urls(),
        ]

    def process_result(self, result, request):
        response = super().process_result(result, request)
        imported = [row.object_id for row in result.rows if row.import_type in IMPORTED]
        if self.import_follow_up and imported and response.status_code == 302:
            request.session[self._follow_up_key()] = imported
            info = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(
                reverse("{}:{}_{}_import_follow_up".format(self.admin_site.name, *info))
            )
        return response

    def import_follow_up_view(self, request):
        transition = self.get_transition(self.import_follow_up, request)
        pks = request.session.get(self._follow_up_key(), [])
        waiting = self.follow_up_rows(self.get_queryset(request).filter(pk__in=pks))
        changelist = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        if not waiting:
            request.session.pop(self._follow_up_key(), None)
            return HttpResponseRedirect(changelist)
        if request.method == "POST":
            self.apply_transition(request, transition, waiting)
            request.session.pop(self._follow_up_key(), None)
            return HttpResponseRedirect(changelist)
        return self.render_transition(request, transition, None, queryset=waiting)

    def follow_up_rows(self, imported):
        """The imported rows the follow-up step applies to (a list)."""
        return list(imported)
