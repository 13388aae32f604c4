"""Community API: place autocomplete, and the signed-in member's own profile and memberships.

No serializer here exposes an email, staff flags, login times or coordinates, and writes to
fields a serializer does not declare are refused, not ignored.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from community.forms import COORDINATE_KEYS, check_display_name
from community.models import Membership, Place, Profile, get_membership_or_404
from community.places.search import MAX_QUERY_LENGTH, search_places
from conditions.models import Condition


class StrictSerializer(serializers.Serializer):
    """Refuses unknown fields (email, is_staff, latitude...) instead of silently dropping them."""

    refuses_unknown_fields = True  # the schema says so: additionalProperties is false

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = set(data.keys()) - set(self.fields)
            if unknown:
                coordinates = unknown & COORDINATE_KEYS
                message = (
                    _("Places are chosen by their id from /api/places/; coordinates are not accepted.")
                    if coordinates
                    else _("This field cannot be written.")
                )
                raise serializers.ValidationError({name: [message] for name in sorted(unknown)})
        return super().to_internal_value(data)


class UUIDTextField(serializers.UUIDField):
    """A UUID written as text. DRF's own also takes a number, and so reads `false` as the UUID 0."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class PlaceSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="geonameid", read_only=True)
    region = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Place
        fields = ["id", "name", "region", "country", "country_code", "label"]


class MembershipSerializer(StrictSerializer, serializers.ModelSerializer):
    condition = serializers.SlugRelatedField(slug_field="slug", queryset=Condition.objects.published())
    condition_name = serializers.CharField(source="condition.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["condition", "condition_name", "role", "joined_at"]
        read_only_fields = ["joined_at"]


class MembershipRoleSerializer(StrictSerializer, serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["role"]


class MeSerializer(StrictSerializer, serializers.ModelSerializer):
    place = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.all(),
        error_messages={"does_not_exist": _("That place is not in our list."), "incorrect_type": _("A place id.")},
    )
    place_detail = PlaceSerializer(source="place", read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Profile
        fields = [
            "public_id",
            "display_name",
            "role",
            "place",
            "place_detail",
            "visibility",
            "sex",
            "birth_year",
            "age_at_diagnosis",
            "about",
            "memberships",
        ]
        read_only_fields = ["public_id"]

    def validate_display_name(self, value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            return check_display_name(value, self.instance.user.email, self.instance)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None


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


def own_profile(request) -> Profile:
    """The signed-in user's profile; one who has none yet gets a 404 (create it on /community/profile/)."""
    return get_object_or_404(
        Profile.objects.select_related("place", "user").prefetch_related("memberships__condition"),
        user=request.user,
    )


class MeView(generics.RetrieveUpdateAPIView):
    """Your own profile and the maps you are on."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "me"
    http_method_names = ["get", "patch", "put", "options"]

    def get_object(self) -> Profile:
        return own_profile(self.request)


class MyMembershipsView(generics.ListCreateAPIView):
    """The maps you are on; POST {"condition": slug, "role": ...} to join one."""

    serializer_class = MembershipSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        return Membership.objects.filter(member__user=self.request.user).select_related("condition")

    @extend_schema(
        summary="Join a map (joining one you are on answers 200)",
        responses={201: MembershipSerializer, 200: MembershipSerializer},
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership, created = Membership.objects.join(
            own_profile(request), serializer.validated_data["condition"], serializer.validated_data["role"]
        )
        return Response(
            MembershipSerializer(membership).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class MyMembershipView(generics.RetrieveUpdateDestroyAPIView):
    """One map you are on: PATCH your role for it, DELETE to leave it."""

    serializer_class = MembershipRoleSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "delete", "options"]

    def get_object(self) -> Membership:
        return get_membership_or_404(self.request.user, self.kwargs["slug"])
