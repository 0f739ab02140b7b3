"""API v1 routes of the statistics (mounted by config/api_urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("stats/districts/", views.DistrictStatsView.as_view(), name="stats-districts"),
    path("stats/problems/", views.ProblemStatsView.as_view(), name="stats-problems"),
    path("stats/funding/", views.FundingStatsView.as_view(), name="stats-funding"),
    path("stats/campaign/", views.CampaignStatsView.as_view(), name="stats-campaign"),
    path("stats/warnings/", views.WarningStatsView.as_view(), name="stats-warnings"),
    path("stats/report-flags/", views.ReportFlagStatsView.as_view(), name="stats-report-flags"),
    path("stats/preparation/", views.PreparationStatsView.as_view(), name="stats-preparation"),
    path("stats/rounds/", views.RoundStatsView.as_view(), name="stats-rounds"),
]
