"""The place autocomplete's API: towns and cities by the start of their name."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from community.places.search import MAX_QUERY_LENGTH, search_places
from community.places.serializers import PlaceSerializer


@extend_schema(
    summary="Find towns and cities",
    parameters=[OpenApiParameter("q", str, description="The start of a place name; case and accents do not matter.")],
    responses=PlaceSerializer(many=True),
)
class PlaceSearchView(APIView):
    """The ten most populous places whose name starts with `q`. Only ids are used to pick one."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "places"

    def get(self, request):
        query = request.query_params.get("q", "")[:MAX_QUERY_LENGTH]
        return Response(PlaceSerializer(search_places(query), many=True).data)
