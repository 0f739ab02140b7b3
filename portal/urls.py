"""Public pages that span apps."""

from django.urls import path, re_path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("rankings/", views.RankingsView.as_view(), name="rankings"),
    re_path(
        r"^rankings/bulletin/(?P<year>[0-9]{4})-(?P<month>[0-9]{2})\.(?P<kind>docx|pdf)$",
        views.BulletinView.as_view(),
        name="bulletin",
    ),
    path("districts/<slug:code>/", views.DistrictDetailView.as_view(), name="district"),
    path("map/", views.MapView.as_view(), name="map"),
    path("screen/", views.ScreenView.as_view(), name="screen"),
]
