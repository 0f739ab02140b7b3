from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Figures that span apps (district progress and ranking, problem ledger, funding,
    campaign) and the API that serves them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from . import publish

        publish.connect()
