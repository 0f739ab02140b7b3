from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "districts"
