"""REST API v1 routes (DESIGN.md "Public interfaces")."""

urlpatterns = []
