"""Public pages that span apps."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("rankings/", views.RankingsView.as_view(), name="rankings"),
    path("districts/<slug:code>/", views.DistrictDetailView.as_view(), name="district"),
    path("map/", views.MapView.as_view(), name="map"),
    path("screen/", views.ScreenView.as_view(), name="screen"),
]
