"""API v1 routes of the sync app (mounted by config/api_urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("changes/", views.ChangesView.as_view(), name="changes"),
]
