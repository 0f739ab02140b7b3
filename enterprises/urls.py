"""Public pages of the "万人助万企" campaign: problem feedback and tracking."""

from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("feedback/track/", views.FeedbackTrackView.as_view(), name="track"),
]
