"""Root URLs: admin, language switch, REST API v1, public pages, uploaded files."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.media import media_file

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("", include("projects.urls")),
    path("", include("portal.urls")),
    path("", include("enterprises.urls")),
    # Uploaded files only through the visibility gate, in development as behind nginx.
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", media_file, name="media"),
]

handler500 = "core.middleware.server_error"
