from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = _("Key projects")

    def ready(self):
        from .refresh import connect

        # ProjectYear follows every write to projects, annual plans, reports and milestones.
        connect(self)
