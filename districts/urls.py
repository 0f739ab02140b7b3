"""Public pages of reporting units."""

from django.urls import path

from . import views

app_name = "districts"
urlpatterns = [
    path("districts/<slug:code>/", views.DistrictDetailView.as_view(), name="detail"),
]
