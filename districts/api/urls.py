"""API v1 routes of the districts app (mounted by config/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from .views import DistrictViewSet

router = SimpleRouter()
router.register("districts", DistrictViewSet, basename="district")
