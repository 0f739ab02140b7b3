"""Public pages of the "万人助万企" campaign: problem feedback and tracking, and Open311."""

from django.urls import include, path

from . import open311, views

app_name = "enterprises"
urlpatterns = [
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("feedback/track/", views.FeedbackTrackView.as_view(), name="track"),
    # Open311 GeoReport v2 over the ledger (enterprises.open311).
    path("open311/v2/", include(open311.urlpatterns)),
]
