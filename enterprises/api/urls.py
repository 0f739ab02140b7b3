"""API v1 routes of the enterprises app (mounted by config/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("problems", views.ProblemViewSet, basename="problem")
router.register("support", views.SupportViewSet, basename="support")
router.register("meetings", views.MeetingViewSet, basename="meeting")
