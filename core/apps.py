from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The framework every app builds on: scoping, periods, filters, API and admin bases."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Framework")

    def ready(self):
        # Models import only once the registry is ready (Django's rule for apps.py).
        from .cache import data_changed
        from .roles import sync_role_groups_after_migrate
        from .tracking import connect_model_signals, rows_changed

        # The role groups (reporter, reviewer, cadre, city_admin) follow every migrate.
        post_migrate.connect(
            sync_role_groups_after_migrate, sender=self, dispatch_uid="core_role_groups"
        )
        # Every write to a tracked model replaces the cache tokens of what it changed.
        connect_model_signals()
        rows_changed.connect(data_changed, dispatch_uid="core_cache_tokens")
