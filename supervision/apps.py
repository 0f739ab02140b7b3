from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """催报 and 督办: who is reminded of what (the per-district table that leads to them is the
    city administrator's admin home, portal.district_table)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "supervision"
    verbose_name = _("Supervision")
