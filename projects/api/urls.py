"""API v1 routes of the projects app, statistics included (mounted by config/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("funding", views.FundingViewSet, basename="funding")
router.register("rounds", views.RoundViewSet, basename="round")

urlpatterns = [
    path("stats/districts/", views.DistrictStatsView.as_view(), name="stats-districts"),
    path("stats/problems/", views.ProblemStatsView.as_view(), name="stats-problems"),
    path("stats/funding/", views.FundingStatsView.as_view(), name="stats-funding"),
]
