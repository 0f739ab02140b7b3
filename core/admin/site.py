"""The officials' admin site: titles, and a home page with a dashboard on top."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.models import ReportingPeriod

from .periods import ReportingPeriodAdmin


class TrackerAdminSite(admin.AdminSite):
    """Django's admin with the tracker's titles and an overridable `dashboard()`.

    The dashboard's figures span apps, so a subclass in the faces layer (`portal.admin`)
    fills it in; this class only puts it on the home page.
    """

    site_header = _("Key-project tracker")
    site_title = _("Key-project tracker")
    index_title = _("Officials' workspace")
    index_template = "admin/tracker_index.html"
    # The lists are wide (progress columns, filters); the app menu stays on the home page.
    enable_nav_sidebar = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The framework's own records come with the site (core has no admin.py to discover).
        self.register(ReportingPeriod, ReportingPeriodAdmin)

    def dashboard(self, request):
        """What needs the user's attention, as template context; None for nothing."""
        return None

    def index(self, request, extra_context=None):
        context = dict(extra_context or {})
        if request.user.is_active and request.user.is_staff:
            context["dashboard"] = self.dashboard(request)
        return super().index(request, context)
