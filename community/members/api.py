"""Members' API: the signed-in member's own profile and memberships, their data and the deletion
of their account.

No serializer here exposes an email, staff flags, login times or coordinates, and writes to
fields a serializer does not declare are refused, not ignored.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from community.members.data_rights import delete_member, export_member
from community.members.forms import check_display_name
from community.models import Membership, Place, Profile, get_membership_or_404
from community.places.serializers import PlaceSerializer
from community.serializers import StrictSerializer
from conditions.models import Condition


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
        try:
            return check_display_name(value, self.instance.user.email, self.instance)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


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


class DeleteWriteSerializer(StrictSerializer):
    password = serializers.CharField()
    delete_answers = serializers.BooleanField(required=False, default=False)


class ExportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="All your data, as in “Download my data”",
        responses={200: OpenApiResponse(description="One JSON object")},
    )
    def get(self, request):
        return Response(export_member(request.user))


class DeleteAccountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Delete your account (password required)", request=DeleteWriteSerializer, responses={204: None}
    )
    def post(self, request):
        data = DeleteWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not request.user.check_password(data.validated_data["password"]):
            raise ValidationError({"password": [gettext("This is not your password.")]})
        user = request.user
        logout(request)
        delete_member(user, keep_answers=not data.validated_data["delete_answers"])
        return Response(status=status.HTTP_204_NO_CONTENT)
