"""The conditions' API: search as you type (/api/conditions/?q=), ranked like the site's search."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.throttling import ScopedRateThrottle

from conditions.models import Condition
from diseasemaps.api_pagination import UncountedPagination

MAX_QUERY_LENGTH = 100


class ConditionSuggestionSerializer(serializers.ModelSerializer):
    synonyms = serializers.ListField(source="synonym_list", child=serializers.CharField(), read_only=True)
    people = serializers.IntegerField(source="map_people", read_only=True, help_text="People on its map.")
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="Its page on the site.")

    class Meta:
        model = Condition
        fields = ["name", "synonyms", "orpha_code", "omim_code", "people", "url"]


@extend_schema(
    summary="Find conditions",
    parameters=[
        OpenApiParameter(
            "q",
            str,
            description="A name, another name or a code (ORPHA:905, 905, OMIM 277900); case, accents and small "
            "misspellings do not matter. Without it, every condition by name.",
        )
    ],
)
class ConditionSearchView(ListAPIView):
    """Published conditions matching `q`, best first: codes and exact names, then names starting with it,
    then containing it, then close to it; more people on the map first among equals."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "conditions"
    serializer_class = ConditionSuggestionSerializer
    pagination_class = UncountedPagination

    def get_queryset(self):
        query = self.request.query_params.get("q", "")[:MAX_QUERY_LENGTH]
        conditions = Condition.objects.published().only(
            "name", "slug", "synonyms", "orpha_code", "omim_code", "map_people"
        )
        return conditions.search(query) if query.strip() else conditions.order_by("name")
