from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "districts"
    verbose_name = _("Districts and officials")

    def ready(self):
        from .roles import sync_role_groups_after_migrate

        # The role groups (reporter, reviewer, cadre, city_admin) follow every migrate.
        post_migrate.connect(
            sync_role_groups_after_migrate, sender=self, dispatch_uid="districts_role_groups"
        )
