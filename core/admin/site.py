"""The officials' admin site: titles, a home page with a dashboard on top, each role's menu,
the reminders inbox (我的提醒) with its unread count in the header, and the pages apps add."""

from django.contrib import admin
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import authenticate
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.models import Notification, ReportingPeriod
from core.roles import ROLE_MENUS
from core.scoping import official_of, sees_everything

from . import inbox
from .periods import ReportingPeriodAdmin


class CountedPasswordChangeForm(AdminPasswordChangeForm):
    """The old password is checked by authenticate(), as a login is: django-axes counts a
    wrong one as a failed login and refuses any while the account is locked, so a session
    left open cannot be used to guess the password without limit."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        username = self.user.get_username()
        if authenticate(self.request, username=username, password=old) != self.user:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old


class CountedPasswordChangeView(PasswordChangeView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class CodedAutocompleteJsonView(AutocompleteJsonView):
    """A search box's choices also carry the row's stable code (an enterprise's credit code,
    a project's code) where it has one: what the API's filters take, never the id, so a
    page's script can ask the API about the row chosen."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        code = getattr(obj, "credit_code", None) or getattr(obj, "code", None)
        return {**result, "code": str(code)} if code else result


class TrackerAdminSite(admin.AdminSite):
    """Django's admin with the tracker's titles and an overridable `dashboard()`.

    The dashboard's figures span apps, so a subclass in the faces layer (`portal.admin`)
    fills it in; this class only puts it on the home page. Apps add whole pages (the
    reporting workbench, the review queue) with `register_view()`.
    """

    site_header = _("Key-project tracker")
    site_title = _("Key-project tracker")
    index_title = _("Officials' workspace")
    index_template = "admin/tracker_index.html"
    # The lists are wide (progress columns, filters); the app menu stays on the home page.
    enable_nav_sidebar = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._views = []
        # The framework's own records come with the site (core has no admin.py to discover).
        self.register(ReportingPeriod, ReportingPeriodAdmin)

    def register_view(self, route, view, *, name):
        """Serve `view(site, request, …)` at /admin/<route> to logged-in staff, named
        `admin:<name>` (the view renders with `site.each_context(request)`)."""
        self._views.append((route, view, name))

    def get_urls(self):
        views = [
            ("inbox/", inbox.inbox_view, "inbox"),
            ("inbox/read/", inbox.read_view, "inbox_read"),
            ("inbox/<int:pk>/", inbox.open_view, "inbox_open"),
            *self._views,
        ]
        return [
            *(path(route, self._bound(view), name=name) for route, view, name in views),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return CodedAutocompleteJsonView.as_view(admin_site=self)(request)

    def _bound(self, view):
        def site_view(request, **kwargs):
            return view(self, request, **kwargs)

        return self.admin_view(site_view)

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_authenticated and request.user.is_staff:
            context["unread_reminders"] = (
                Notification.objects.visible_to(request.user).unread().count()
            )
        return context

    def get_app_list(self, request, app_label=None):
        """The menu lists what the user's role works with (core.roles.ROLE_MENUS)."""
        apps = super().get_app_list(request, app_label)
        official = official_of(request.user)
        if sees_everything(request.user) or official is None:
            return apps
        used = ROLE_MENUS.get(official.role, set())
        for app in apps:
            app["models"] = [
                model
                for model in app["models"]
                if f"{app['app_label']}.{model['object_name'].lower()}" in used
            ]
        return [app for app in apps if app["models"]]

    def password_change(self, request, extra_context=None):
        """Django's page, with CountedPasswordChangeForm."""
        defaults = {
            "form_class": CountedPasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return CountedPasswordChangeView.as_view(**defaults)(request)

    def dashboard(self, request):
        """What needs the user's attention, as template context; None for nothing."""
        return None

    def index(self, request, extra_context=None):
        context = dict(extra_context or {})
        if request.user.is_active and request.user.is_staff:
            context["dashboard"] = self.dashboard(request)
        return super().index(request, context)
