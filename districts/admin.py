"""Admin for districts and officials.

A city administrator manages users and their roles here: the Official record (role and
district) sits on the user's page, and saving it puts the user in its role's group. It also
sees the users' API tokens and revokes them.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import ApiToken

from .models import District, Official
from .services import revoke_role, sync_official


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "order")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "code")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens come only from `manage.py create_api_token`, which shows the key once; only a
    hash is stored, so the admin has nothing to add or change: it lists and revokes."""

    list_display = ["name", "user", "created", "expiry"]
    list_filter = ["name"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username"]
    fields = ["name", "user", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
