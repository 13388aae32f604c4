"""The map API: a condition's map as GeoJSON, and who is listed at one of its places."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from community.figures import audience_of
from community.maps import geojson
from community.models import Membership, Place
from conditions.models import get_condition_or_404

GEOJSON_DESCRIPTION = """A GeoJSON FeatureCollection: one Point feature per place with members in the figures
(`properties`: `label`, `country`, `count`, `place`; for signed-in members also `listed` and `members_url`).
For anonymous visitors, places with fewer than `min_group` members are folded into one feature per country,
whose id starts with `country-` and which has no `place`. Foreign members: `total`, `countries` (keyed by ISO
3166-1 numeric code: `code`, `name`, `count`) and `roles` (role: count). Features, countries and roles each
add up to `total`. Hidden members are in none of them."""


@method_decorator(gzip_page, name="dispatch")
class ConditionMapView(APIView):
    """The world map of a condition, under the same privacy rules as its page."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="A condition's map as GeoJSON",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=GEOJSON_DESCRIPTION)},
    )
    def get(self, request, slug: str):
        condition = get_condition_or_404(slug, request.user)
        return HttpResponse(geojson(condition, audience_of(request.user)), content_type="application/geo+json")


class ListedMemberSerializer(serializers.Serializer):
    display_name = serializers.CharField(source="member.display_name")
    role = serializers.CharField(source="get_role_display")
    profile_url = serializers.SerializerMethodField()

    def get_profile_url(self, membership: Membership) -> str:
        return membership.member.get_absolute_url()


class MembersPage(PageNumberPagination):
    page_size = 50


@extend_schema(summary="Members listed at one place of a condition's map (signed-in members only)")
class PlaceMembersView(generics.ListAPIView):
    """Pseudonyms, roles and profile links of the `listed` members at a place. Never an email."""

    serializer_class = ListedMemberSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = MembersPage

    def get_queryset(self):
        condition = get_condition_or_404(self.kwargs["slug"], self.request.user)
        place = get_object_or_404(Place, pk=self.kwargs["place_id"])
        return Membership.objects.listed_at(condition, place)
