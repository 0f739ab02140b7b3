"""API v1 routes of the projects app, (mounted by config/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("funding", views.FundingViewSet, basename="funding")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("pool-reviews", views.PoolReviewViewSet, basename="pool-review")
