from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enterprises"
    verbose_name = _("Ten thousand cadres helping ten thousand enterprises")

    def ready(self):
        from django.db.models.signals import post_save

        from .services import meeting_takes_awaiting

        # A matter carried over while no meeting was scheduled goes to the next one saved.
        post_save.connect(
            meeting_takes_awaiting, sender="projects.Meeting", dispatch_uid="meeting_takes_awaiting"
        )
