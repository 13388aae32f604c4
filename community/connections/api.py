"""Connections, messages, blocks and reports in the API, with the pages' rules:
everything is the signed-in member's own, and anybody else's id is a 404."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.limits import within_limit
from community.models import get_own_profile_or_404, get_reportable_profile_or_404, get_visible_profile_or_404
from community.models.connections import (
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    Block,
    Connection,
    ConnectionStatus,
    get_connection_or_404,
)
from community.models.moderation import MAX_NOTE_LENGTH as MAX_REPORT_NOTE_LENGTH
from community.models.moderation import ModerationReason, ModerationReport
from community.serializers import StrictSerializer, UUIDTextField
from diseasemaps.api_schema import RATE_LIMITED


class ConnectionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    member = serializers.SerializerMethodField(help_text="The other member: `id` (their profile id) and `name`.")
    status = serializers.ChoiceField(choices=ConnectionStatus.choices)
    asked_by_me = serializers.SerializerMethodField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField(allow_null=True)

    def get_member(self, connection: Connection) -> dict:
        other = connection.other(self.context["me"])
        return {"id": str(other.public_id), "name": other.display_name}

    def get_asked_by_me(self, connection: Connection) -> bool:
        return connection.requested_by_id == self.context["me"].pk


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    mine = serializers.SerializerMethodField()
    text = serializers.CharField(source="body", help_text="Plain text; escape it before showing it as HTML.")
    created_at = serializers.DateTimeField()

    def get_mine(self, message) -> bool:
        return message.sender_id == self.context["me"].pk


class RequestWriteSerializer(StrictSerializer):
    member = UUIDTextField(help_text="The profile id of the member to connect with.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE_LENGTH)


class MessageWriteSerializer(StrictSerializer):
    text = serializers.CharField(max_length=MAX_MESSAGE_LENGTH)


class MemberWriteSerializer(StrictSerializer):
    member = UUIDTextField()


class ModerationReportWriteSerializer(StrictSerializer):
    member = UUIDTextField(required=False)
    connection = UUIDTextField(required=False, help_text="With `message`: a message sent to you.")
    message = serializers.IntegerField(required=False)
    reason = serializers.ChoiceField(choices=ModerationReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_REPORT_NOTE_LENGTH)


class MessagesPage(PageNumberPagination):
    page_size = 50


def refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError({"detail": error.messages})


class ConnectionsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Your connections and requests", responses={200: ConnectionSerializer(many=True)})
    def get(self, request):
        me = get_own_profile_or_404(request.user)
        connections = Connection.objects.of(me).select_related("low", "high").order_by("-created_at")
        hidden = Block.objects.hidden_from(me)
        visible = [connection for connection in connections if connection.other(me).pk not in hidden]
        return Response(ConnectionSerializer(visible, many=True, context={"me": me}).data)

    @extend_schema(
        summary="Ask a member to connect (or accept their pending request)",
        request=RequestWriteSerializer,
        responses={201: ConnectionSerializer, 200: ConnectionSerializer, **RATE_LIMITED},
    )
    def post(self, request):
        me = get_own_profile_or_404(request.user)
        data = RequestWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        other = get_visible_profile_or_404(data.validated_data["member"], request.user)
        if not within_limit(request.user, "request"):
            raise Throttled(detail=_("You have sent many requests today. Please try again tomorrow."))
        existed = Connection.objects.between(me, other).exists()
        try:
            connection = Connection.objects.request(me, other, data.validated_data.get("note", ""))
        except DjangoValidationError as error:
            raise refused(error) from None
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(ConnectionSerializer(connection, context={"me": me}).data, status=code)


class ConnectionActionView(APIView):
    """accept, decline or cancel a request; `DELETE` on the connection removes it."""

    permission_classes = [IsAuthenticated]
    action = ""

    @extend_schema(request=None, responses={200: ConnectionSerializer, 204: None})
    def post(self, request, connection_id):
        me = get_own_profile_or_404(request.user)
        connection = get_connection_or_404(me, connection_id)
        try:
            getattr(connection, self.action)(me)
        except DjangoValidationError as error:
            raise refused(error) from None
        if self.action == "cancel":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ConnectionSerializer(connection, context={"me": me}).data)


class ConnectionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Remove a connection (its messages go with it)", responses={204: None})
    def delete(self, request, connection_id):
        me = get_own_profile_or_404(request.user)
        connection = get_connection_or_404(me, connection_id)
        try:
            connection.remove(me)
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.UUID, OpenApiParameter.HEADER, description="Send a message once, however often."
)


def idempotency_key(request) -> uuid.UUID | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    try:
        return uuid.UUID(key[:64])
    except ValueError:
        raise ValidationError({"Idempotency-Key": [_("Send a UUID, or no Idempotency-Key.")]}) from None


class MessagesView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = MessagesPage  # read by the schema, which then documents a page

    def connection(self, request):
        me = get_own_profile_or_404(request.user)
        connection = get_connection_or_404(me, self.kwargs["connection_id"])
        if connection.status != ConnectionStatus.ACCEPTED:
            raise NotFound(_("No such conversation."))
        return me, connection

    @extend_schema(
        summary="A conversation's messages, newest first (reading marks it read)",
        responses={200: MessageSerializer(many=True)},
    )
    def get(self, request, connection_id):
        me, connection = self.connection(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(connection.messages.order_by("-created_at", "-pk"), request, view=self)
        connection.mark_read(me)
        return paginator.get_paginated_response(MessageSerializer(page, many=True, context={"me": me}).data)

    @extend_schema(
        summary="Send a message to a connection",
        description="With an `Idempotency-Key` header (a UUID of the client's), sending again with the same key, "
        "even at the same moment, stores nothing more and answers with the first message.",
        parameters=[IDEMPOTENCY_KEY],
        request=MessageWriteSerializer,
        responses={201: MessageSerializer},
    )
    def post(self, request, connection_id):
        me, connection = self.connection(request)
        token = idempotency_key(request)
        data = MessageWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data["text"].strip()
        if not text:
            raise ValidationError({"text": [_("Write a few words.")]})
        try:
            message = connection.send(me, text, token=token)
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(MessageSerializer(message, context={"me": me}).data, status=status.HTTP_201_CREATED)


class BlocksView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Block a member (they are not told)",
        description="Answers 204 whether or not the id is a member's, so that it reveals nothing.",
        request=MemberWriteSerializer,
        responses={204: None},
    )
    def post(self, request):
        me = get_own_profile_or_404(request.user)
        data = MemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            Block.objects.block_by_id(me, data.validated_data["member"])
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlockView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Unblock a member", responses={204: None})
    def delete(self, request, member_id):
        Block.objects.filter(blocker=get_own_profile_or_404(request.user), blocked__public_id=member_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Report a member, or a message sent to you (`connection` and `message`), to the moderators",
        request=ModerationReportWriteSerializer,
        responses={201: None, **RATE_LIMITED},
    )
    def post(self, request):
        me = get_own_profile_or_404(request.user)
        data = ModerationReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        message = None
        if "message" in fields:
            connection = get_connection_or_404(me, fields.get("connection"))
            message = connection.messages.filter(pk=fields["message"]).exclude(sender=me).first()
            if message is None:
                raise NotFound(_("No such message."))
            reported = connection.other(me)
        elif "member" in fields:
            reported = get_reportable_profile_or_404(fields["member"], request.user)
        else:
            raise ValidationError({"member": [_("Say whom or which message you report.")]})
        if reported.pk == me.pk:
            raise NotFound(_("You cannot report yourself."))
        if not within_limit(request.user, "report"):
            raise Throttled(detail=_("You have sent many reports today."))
        ModerationReport.objects.create(
            reporter=me, reported=reported, message=message, reason=fields["reason"], note=fields.get("note", "")
        )
        return Response(status=status.HTTP_201_CREATED)
