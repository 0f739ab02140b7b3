"""Root URLs: admin, language switch, REST API v1, public pages."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("", include("projects.urls")),
    path("", include("portal.urls")),
    path("", include("enterprises.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
