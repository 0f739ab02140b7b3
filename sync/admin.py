"""Webhook subscriptions, managed by city administrators; deliveries and their attempts,
read-only (the worker writes them)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.scoping import sees_everything

from .models import DeliveryAttempt, Event, WebhookDelivery, WebhookSubscription


class CityAdminOnly:
    def has_module_permission(self, request):
        return sees_everything(request.user)

    def has_view_permission(self, request, obj=None):
        return sees_everything(request.user)

    def has_add_permission(self, request, *args):
        return sees_everything(request.user)

    def has_change_permission(self, request, obj=None):
        return sees_everything(request.user)

    def has_delete_permission(self, request, obj=None):
        return sees_everything(request.user)


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "secret", "events", "active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(CityAdminOnly, admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["at", "status_code", "response_excerpt"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(CityAdminOnly, admin.ModelAdmin):
    list_display = ["pk", "event", "subscription", "state", "attempts", "status_code", "next_try"]
    list_filter = ["state", "event", "subscription"]
    list_select_related = ["subscription"]
    fields = [
        "subscription",
        "event",
        "state",
        "attempts",
        "status_code",
        "response_excerpt",
        "next_try",
        "created_at",
        "delivered_at",
        "body",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
