"""The map API: a condition's map as GeoJSON and in compact columns, and who is listed at one of its places."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import Throttled
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from community.limits import may_see_members
from community.maps.figures import audience_of
from community.maps.render import Payload, geojson, map_places
from community.models import Membership, Place, Profile
from community.models.connections import Block
from conditions.models import get_condition_or_404
from diseasemaps.api_schema import RATE_LIMITED

SHARED_DESCRIPTION = """Foreign members: `total`, `min_group`, `countries` (keyed by ISO 3166-1 numeric code:
`code`, `name`, `count`), `elsewhere` (`continent`, `name`, `count`) and `roles` (role: count). Hidden members
are in none of them. Signed-in members see every place, country and role, and `elsewhere` is empty.
Anonymous visitors see no figure below `min_group`: smaller places are folded into one marker per country
("Elsewhere in Spain", at the country's largest city), smaller countries into one per continent ("Elsewhere
in Europe", at a fixed point, continent code in `elsewhere`), smaller continents into "Elsewhere in the world"
(`continent` null, no marker); when a remainder alone would be below `min_group`, the smallest figures beside
it join it. Their `roles` hold the roles with at least `min_group` people and `other` for the rest together,
and are empty when no role has `min_group` people. Markers plus "Elsewhere in the world", `countries` plus
`elsewhere`, and `roles` each add up to `total`."""

GEOJSON_DESCRIPTION = f"""A GeoJSON FeatureCollection: one Point feature per place with members in the figures
(`properties`: `label`, `country`, `count`, `place`; for signed-in members also `listed` and `members_url`).
Folded features have an id starting with `country-` (with `country`) or `continent-` (with `continent`
instead), and no `place`. {SHARED_DESCRIPTION}"""

PLACES_DESCRIPTION = f"""The markers of the map in compact columns, as the map page loads them: `places` holds
parallel arrays `lat` and `lon` (in 1/`scale` of a degree), `count`, and either `name` (anonymous visitors)
or `id` and `listed` (signed-in members; the place's member list is at `members_url` with `{{id}}` replaced).
`lat`, `lon` and `id` are delta-coded: each value is the difference from the one before it. `folded` lists
the folded markers (`country` or `continent`, `label`, `lat`, `lon`, `count`). {SHARED_DESCRIPTION}"""

ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def payload_response(request, payload: Payload) -> HttpResponse:
    """The cached body, gzipped when the client accepts it (the gzipped bytes are cached too)."""
    gzipped = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(payload.gzipped if gzipped else payload.raw, content_type=payload.content_type)
    if gzipped:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
    return response


class ConditionMapView(APIView):
    """The world map of a condition as GeoJSON, under the same privacy rules as its page."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="A condition's map as GeoJSON",
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT, description=GEOJSON_DESCRIPTION)
        },
    )
    def get(self, request, slug: str):
        condition = get_condition_or_404(slug, request.user)
        return payload_response(request, geojson(condition, audience_of(request.user)))


class MapPlacesView(APIView):
    """The world map of a condition in compact columns (what the map page loads), same privacy rules."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="A condition's map in compact columns",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=PLACES_DESCRIPTION)},
    )
    def get(self, request, slug: str):
        condition = get_condition_or_404(slug, request.user)
        return payload_response(request, map_places(condition, audience_of(request.user)))


class ListedMemberSerializer(serializers.Serializer):
    display_name = serializers.CharField(source="member.display_name")
    role = serializers.CharField(source="get_role_display")
    profile_url = serializers.SerializerMethodField()

    def get_profile_url(self, membership: Membership) -> str:
        return membership.member.get_absolute_url()


class MapPlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    label = serializers.CharField()


class MembersPage(PageNumberPagination):
    page_size = 50


@extend_schema(
    summary="Members listed at one place of a condition's map (signed-in members only)",
    description="The names shown count against the same hourly budget as profiles (PROFILE_VIEW_LIMIT): then 429.",
    responses={200: ListedMemberSerializer(many=True), **RATE_LIMITED},
)
class PlaceMembersView(generics.ListAPIView):
    """Pseudonyms, roles and profile links of the `listed` members at a place, and the place
    itself (`place`: `id`, `name`, `label`). Never an email."""

    serializer_class = ListedMemberSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = MembersPage

    def get_queryset(self):
        condition = get_condition_or_404(self.kwargs["slug"], self.request.user)
        self.place = get_object_or_404(Place, pk=self.kwargs["place_id"])
        listed = Membership.objects.listed_at(condition, self.place)
        me = Profile.objects.filter(user=self.request.user).first()
        return listed.exclude(member__in=Block.objects.hidden_from(me)) if me else listed

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if not may_see_members(request.user, len(response.data["results"])):
            raise Throttled(detail=_("To protect members, the number of members one can see in an hour is limited."))
        response.data["place"] = MapPlaceSerializer(self.place).data
        return response
