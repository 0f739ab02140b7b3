"""Views every API version shares."""

from rest_framework.decorators import api_view, permission_classes, renderer_classes, schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@renderer_classes([JSONRenderer])
@permission_classes([AllowAny])
@schema(None)
def api_not_found(request, *args, **kwargs):
    raise NotFound()
