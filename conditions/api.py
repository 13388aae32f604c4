"""The conditions' API: search as you type (/api/conditions/?q=), ranked like the site's search."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from conditions.models import Condition
from diseasemaps.api_pagination import UncountedPagination

MAX_QUERY_LENGTH = 100
# People typing the same first letters ask the same searches: their answers are kept this long (so a
# new or renamed condition is suggested within a minute).
RESULTS_SECONDS = 60


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
    then containing it; more people on the map first among equals; names close to it if none contains
    it. Names in any language are searched; names and synonyms come in the request's language (its
    Accept-Language), or in English where a condition has none in it. The same search is answered
    from the cache for a minute."""

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
        return conditions.search(query) if query.strip() else conditions.in_name_order()

    def list(self, request, *args, **kwargs):
        asked = [request.get_host(), get_language()]  # names come in the request's language (Accept-Language)
        asked += [request.query_params.get(name, "") for name in ("q", "page", "page_size")]
        key = "condition-search:" + hashlib.sha256("\x00".join(asked).encode()).hexdigest()
        answer = cache.get(key)
        if answer is None:
            answer = super().list(request, *args, **kwargs).data
            cache.set(key, answer, RESULTS_SECONDS)
        return Response(answer)
