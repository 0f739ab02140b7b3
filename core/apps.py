from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", **kwargs):
    """post_migrate: the database cache's table (throttles, shared by every worker) exists
    after any `migrate`, so the README's setup needs no extra step. Idempotent; does nothing
    when the cache is Redis."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    """The framework every app builds on: scoping, periods, filters, API and admin bases."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Framework")

    def ready(self):
        # Models import only once the registry is ready (Django's rule for apps.py).
        from .cache import data_changed
        from .checks import vendor_assets_present
        from .roles import sync_role_groups_after_migrate
        from .tokens import revoke_tokens_on_credential_change
        from .tracking import connect_model_signals, rows_changed

        checks.register(vendor_assets_present, checks.Tags.staticfiles)

        # The role groups (reporter, reviewer, cadre, city_admin) follow every migrate.
        post_migrate.connect(
            sync_role_groups_after_migrate, sender=self, dispatch_uid="core_role_groups"
        )
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="core_cache_table")
        pre_save.connect(
            revoke_tokens_on_credential_change,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="core_revoke_api_tokens",
        )
        # Every commit of a write to a tracked model replaces the data stamp that cached
        # values and the API's validators name.
        connect_model_signals()
        rows_changed.connect(data_changed, dispatch_uid="core_data_stamp")
