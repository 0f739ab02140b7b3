"""API v1 routes of the sync app (mounted by config/api_urls.py)."""

from django.urls import path, re_path

from core.api.views import api_not_found

from . import views

urlpatterns = [
    path("changes/", views.ChangesView.as_view(), name="changes"),
    re_path(r"^feed/(?P<name>[^/]+)\.ndjson$", views.FeedView.as_view(), name="feed"),
    path("oc4ids/package.json", views.Oc4idsPackageView.as_view(), name="oc4ids-package"),
    # Any other file under them answers a JSON 404, as the schema documents.
    re_path(r"^(feed|oc4ids)/", api_not_found),
]
