"""API v1 routes of the sync app (mounted by config/api_urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("feed/<slug:name>.ndjson", views.FeedView.as_view(), name="feed"),
    path("oc4ids/package.json", views.Oc4idsPackageView.as_view(), name="oc4ids-package"),
]
