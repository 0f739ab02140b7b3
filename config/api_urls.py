"""REST API v1 routes (DESIGN.md "Public interfaces"): every app's resources under one root,
the OpenAPI schema and its interactive docs (served locally, drf-spectacular-sidecar; the
split view serves Swagger UI's start-up script as a file, as the Content-Security-Policy
allows no inline script)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.api.views import NotificationViewSet, ReportingPeriodViewSet, api_not_found
from districts.api.urls import router as districts_router
from enterprises.api.urls import router as enterprises_router
from projects.api.urls import router as projects_router
from stats.api.urls import urlpatterns as stats_urlpatterns
from sync.api.urls import urlpatterns as sync_urlpatterns

router = DefaultRouter()
router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")
router.register("notifications", NotificationViewSet, basename="notification")
for app_router in (districts_router, projects_router, enterprises_router):
    router.registry.extend(app_router.registry)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *stats_urlpatterns,
    *sync_urlpatterns,
    *router.urls,
    # Anything else under /api/v1/ answers a JSON 404, as the schema documents, not an HTML page.
    re_path(r"^.*/$", api_not_found),
]
