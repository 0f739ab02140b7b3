from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """催报 and 督办: who is reminded of what, and the city's per-district supervision table."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "supervision"
    verbose_name = _("Supervision")
