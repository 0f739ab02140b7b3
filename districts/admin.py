"""Admin for districts and officials, the site's titles, and the officials' home page.

A city administrator manages users and their roles here: the Official record (role and
district) sits on the user's page, and saving it puts the user in its role's group.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import District, Official, Role
from .roles import revoke_role, sync_official
from .scoping import official_of, sees_everything

admin.site.site_header = _("Key-project tracker")
admin.site.site_title = _("Key-project tracker")
admin.site.index_title = _("Officials' workspace")
admin.site.index_template = "admin/tracker_index.html"
# The lists are wide (progress columns, filters); the app menu stays on the home page.
admin.site.enable_nav_sidebar = False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "order")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "code")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "district")
    list_filter = ("role", "district")
    list_select_related = ("user", "district")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_official(obj)

    def delete_model(self, request, obj):
        revoke_role(obj.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for official in queryset.select_related("user"):
            revoke_role(official.user)
        super().delete_queryset(request, queryset)


class OfficialInline(admin.StackedInline):
    model = Official
    can_delete = False
    fields = ("role", "district")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class OfficialUserAdmin(UserAdmin):
    """Users with their role; only a superuser hands out superuser rights or raw permissions
    (a city administrator's power is the roles)."""

    inlines = (OfficialInline,)
    list_display = ("username", "first_name", "last_name", "role", "district", "is_active")
    list_select_related = ("official", "official__district")
    list_filter = ("official__role", "official__district", "is_active", "is_staff")

    @admin.display(description=_("role"), ordering="official__role")
    def role(self, obj):
        official = getattr(obj, "official", None)
        return official.get_role_display() if official else "-"

    @admin.display(description=_("district"), ordering="official__district")
    def district(self, obj):
        official = getattr(obj, "official", None)
        return official.district if official and official.district else "-"

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if not request.user.is_superuser:
            users = users.exclude(is_superuser=True)
        return users

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "user_permissions", "groups", "last_login", "date_joined")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        official = Official.objects.filter(user=form.instance).first()
        if official is not None:
            sync_official(official)


# --- The officials' home page ---------------------------------------------------------------


def dashboard(user):
    """What needs attention in the user's district (or the city), each with its list link.

    Counts go through the scoping gate and the models' own definitions of "overdue"; the
    completion rate and schedule come from projects.stats.
    """
    from enterprises.models import Problem
    from projects import stats
    from projects.admin import changelist_url
    from projects.choices import ReportStatus
    from projects.models import Milestone, ProgressReport, Project

    today = timezone.localdate()
    official = official_of(user)
    year, month = stats.default_period()
    if sees_everything(user) or official is None or official.role == Role.CADRE:
        progress = stats.district_progress(year=year, month=month)["city"]
        scope = progress["name"] or _("the city")
    else:
        table = stats.district_progress(year=year, month=month, districts=[official.district])
        # A city-level unit is not ranked; its own projects are the table's total.
        progress = table["results"][0] if table["results"] else table["city"]
        scope = official.district.name
    milestones = Milestone.objects.visible_to(user)
    cards = [
        {
            "label": _("Monthly reports awaiting review"),
            "count": ProgressReport.objects.visible_to(user)
            .filter(status=ReportStatus.SUBMITTED)
            .count(),
            "url": changelist_url(ProgressReport, status__exact=ReportStatus.SUBMITTED),
        },
        {
            "label": _("Milestones overdue"),
            "count": milestones.overdue(today).count(),
            "url": changelist_url(Milestone, due="overdue"),
            "alarm": True,
        },
        {
            "label": _("Milestones due within 30 days"),
            "count": milestones.due_within(today, 30).count(),
            "url": changelist_url(Milestone, due="soon"),
        },
        {
            "label": _("Problems past their due date"),
            "count": Problem.objects.visible_to(user).overdue(today).count(),
            "url": changelist_url(Problem, overdue="yes"),
            "alarm": True,
        },
    ]
    return {
        "scope": scope,
        "year": year,
        "progress": progress,
        # The template words "behind" itself: it shows the gap as a positive number.
        "points_behind": -progress["points_ahead"] if progress["points_ahead"] else None,
        "progress_url": changelist_url(Project, year=year),
        "cards": cards,
        "as_of": today,
    }


def index_with_dashboard(request, extra_context=None, _index=admin.site.index):
    """The admin home with the dashboard on top (AdminSite.index, with extra context)."""
    context = dict(extra_context or {})
    if request.user.is_active and request.user.is_staff:
        context["dashboard"] = dashboard(request.user)
    return _index(request, context)


admin.site.index = index_with_dashboard
