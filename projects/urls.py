"""Public pages of key projects (DESIGN.md "Public interfaces": pages)."""

from django.urls import path, re_path

from . import views

app_name = "projects"
urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="list"),
    re_path(
        r"^projects/export\.(?P<fmt>csv|xlsx)$", views.ProjectExportView.as_view(), name="export"
    ),
    path("projects/<slug:code>/", views.ProjectDetailView.as_view(), name="detail"),
    path("rounds/", views.RoundListView.as_view(), name="rounds"),
]
