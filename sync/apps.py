from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    """What other systems sync by: the change feed, the bulk feed and signed webhooks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sync"
    verbose_name = _("Sync and webhooks")

    def ready(self):
        from . import changes, webhooks

        changes.connect()
        webhooks.connect()
