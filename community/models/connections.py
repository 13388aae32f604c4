"""Connections between members, blocks, and the private messages of accepted connections.

One connection row per pair of members, whoever asked first: the pair is stored ordered (`low` has
the smaller profile id), with a unique constraint on it, so "A asks B" and "B asks A" are the same
row and concurrent duplicate requests create one. Messages belong to an accepted connection, and
every access goes through `get_connection_or_404`, which finds only the viewer's own.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.visibility import Visibility

MAX_NOTE_LENGTH = 300
MAX_MESSAGE_LENGTH = 2_000


class RequestPolicy(models.TextChoices):
    SHARED_CONDITION = "shared", _("Members who share a condition with me")
    NOBODY = "nobody", _("Nobody")


class ConnectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Connected")
    DECLINED = "declined", _("Declined")


class RequestRefused(ValidationError):
    """Why a connection request cannot be sent, in words for the sender."""


def ordered(a, b) -> tuple:
    return (a, b) if a.pk < b.pk else (b, a)


class BlockQuerySet(models.QuerySet):
    def between(self, a, b) -> BlockQuerySet:
        """Blocks either way between two profiles."""
        return self.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a))

    def hidden_from(self, profile) -> set[int]:
        """The profile ids `profile` must not see or be seen by: blocked either way."""
        pairs = self.filter(Q(blocker=profile) | Q(blocked=profile)).values_list("blocker_id", "blocked_id")
        return {other for pair in pairs for other in pair if other != profile.pk}

    def block(self, blocker, blocked) -> None:
        """Block someone, whatever the state between them: a pending request is withdrawn. The
        blocked member is not told; an accepted connection stays, but no message can be sent."""
        if blocker.pk == blocked.pk:
            raise ValidationError(_("You cannot block yourself."))
        try:
            with transaction.atomic():
                self.get_or_create(blocker=blocker, blocked=blocked)
        except IntegrityError:
            pass  # the same block, sent twice at once
        Connection.objects.between(blocker, blocked).filter(status=ConnectionStatus.PENDING).delete()

    def block_by_id(self, blocker, public_id) -> None:
        """Block the member with this public id, if there is one. The caller answers the same
        either way, so that blocking cannot tell whether an id belongs to a member."""
        blocked = type(blocker).objects.filter(public_id=public_id).first()
        if blocked is not None:
            self.block(blocker, blocked)

    def made_by(self, profile) -> BlockQuerySet:
        """The blocks `profile` made, each with `known`: whether they may see the blocked member's
        pseudonym, because that member is listed or the two have been in touch."""
        in_touch = Connection.objects.filter(
            Q(low=profile, high=OuterRef("blocked")) | Q(high=profile, low=OuterRef("blocked"))
        )
        known = Q(blocked__visibility=Visibility.LISTED) | Exists(in_touch)
        return (
            self.filter(blocker=profile)
            .select_related("blocked")
            .annotate(known=ExpressionWrapper(known, output_field=models.BooleanField()))
        )


class Block(models.Model):
    blocker = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_one_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


class ConnectionQuerySet(models.QuerySet):
    def of(self, profile) -> ConnectionQuerySet:
        return self.filter(Q(low=profile) | Q(high=profile))

    def between(self, a, b) -> ConnectionQuerySet:
        low, high = ordered(a, b)
        return self.filter(low=low, high=high)

    def accepted(self) -> ConnectionQuerySet:
        return self.filter(status=ConnectionStatus.ACCEPTED)

    def without_blocks(self) -> ConnectionQuerySet:
        """Connections between two members neither of whom blocked the other."""
        return self.exclude(Exists(blocks_between_the_pair()))

    def reachable_by(self, profile) -> ConnectionQuerySet:
        """`profile`'s connections, less those whose other member blocked them: to the blocked
        member such a conversation is gone, as if they had never been connected."""
        blocked_me = Block.objects.filter(blocked=profile).filter(
            Q(blocker=OuterRef("low")) | Q(blocker=OuterRef("high"))
        )
        return self.of(profile).exclude(Exists(blocked_me))

    def waiting_for(self, profile) -> ConnectionQuerySet:
        """Requests sent to `profile` that wait for their answer."""
        return self.of(profile).filter(status=ConnectionStatus.PENDING).exclude(requested_by=profile)

    def with_last_message(self, profile) -> ConnectionQuerySet:
        """With `last_body` and `unread` (messages to `profile` since they last read the thread),
        computed in the same query."""
        to_me = Message.objects.filter(connection=OuterRef("pk")).exclude(sender=profile).order_by()
        latest = Message.objects.filter(connection=OuterRef("pk")).order_by("-created_at", "-pk")
        return self.annotate(
            my_read_at=Case(When(low=profile, then=F("low_read_at")), default=F("high_read_at"))
        ).annotate(
            last_body=Subquery(latest.values("body")[:1]),
            unread=Case(
                When(my_read_at__isnull=True, then=message_count(to_me)),
                default=message_count(to_me.filter(created_at__gt=OuterRef("my_read_at"))),
            ),
        )

    def request(self, sender, recipient, note: str = "") -> Connection:
        """Ask to connect. If the recipient already asked the sender, this accepts their request."""
        refuse_request(sender, recipient)
        low, high = ordered(sender, recipient)
        fields = {"requested_by": sender, "note": note, "status": ConnectionStatus.PENDING}
        try:
            with transaction.atomic():
                connection, created = self.get_or_create(low=low, high=high, defaults=fields)
        except IntegrityError:  # the same request, sent twice at once
            connection, created = self.get(low=low, high=high), False
        if created:
            return connection
        if connection.status == ConnectionStatus.PENDING and connection.requested_by_id == recipient.pk:
            connection.accept(sender)
        elif connection.status == ConnectionStatus.DECLINED and connection.requested_by_id == recipient.pk:
            connection.requested_by, connection.note, connection.status = sender, note, ConnectionStatus.PENDING
            connection.save(update_fields=["requested_by", "note", "status"])
        elif connection.status == ConnectionStatus.DECLINED:
            raise RequestRefused(_("This member did not accept your request."))
        return connection


def blocks_between_the_pair(prefix: str = "") -> BlockQuerySet:
    """Blocks either way between the two members of the outer query's connection."""
    low, high = OuterRef(f"{prefix}low"), OuterRef(f"{prefix}high")
    return Block.objects.filter(Q(blocker=low, blocked=high) | Q(blocker=high, blocked=low))


def message_count(messages) -> Coalesce:
    return Coalesce(Subquery(messages.values("connection").annotate(n=Count("pk")).values("n")), 0)


def refuse_request(sender, recipient) -> None:
    """Raise RequestRefused if `sender` may not ask `recipient` to connect."""
    if sender.pk == recipient.pk:
        raise RequestRefused(_("You cannot connect with yourself."))
    if Block.objects.between(sender, recipient).exists():
        raise RequestRefused(_("You cannot send a request to this member."))
    if recipient.accepts_requests == RequestPolicy.NOBODY:
        raise RequestRefused(_("This member does not accept connection requests."))
    shared = recipient.memberships.filter(condition__memberships__member=sender).exists()
    if not shared:
        raise RequestRefused(_("You can connect with members who share a condition with you."))


class Connection(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    low = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING
    )
    note = models.CharField(_("note"), max_length=MAX_NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    low_read_at = models.DateTimeField(null=True, blank=True)
    high_read_at = models.DateTimeField(null=True, blank=True)
    low_notified_at = models.DateTimeField(null=True, blank=True)  # the last email about it, to batch them
    high_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="connection_one_per_pair"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="connection_ordered_pair"),
        ]
        indexes = [
            models.Index(fields=["low", "status", "last_message_at"], name="connection_low_idx"),
            models.Index(fields=["high", "status", "last_message_at"], name="connection_high_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.low_id} – {self.high_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("community:thread", args=[self.public_id])

    def other(self, profile):
        return self.high if profile.pk == self.low_id else self.low

    def is_recipient(self, profile) -> bool:
        return self.status == ConnectionStatus.PENDING and self.requested_by_id != profile.pk

    def accept(self, by) -> None:
        if not self.is_recipient(by):
            raise ValidationError(_("Only the member who was asked can accept."))
        self.status, self.accepted_at = ConnectionStatus.ACCEPTED, timezone.now()
        self.save(update_fields=["status", "accepted_at"])

    def decline(self, by) -> None:
        if not self.is_recipient(by):
            raise ValidationError(_("Only the member who was asked can decline."))
        self.status = ConnectionStatus.DECLINED
        self.save(update_fields=["status"])

    def cancel(self, by) -> None:
        if self.status != ConnectionStatus.PENDING or self.requested_by_id != by.pk:
            raise ValidationError(_("Only a pending request you sent can be cancelled."))
        self.delete()

    def remove(self, by) -> None:
        """Either side ends an accepted connection; its messages go with it."""
        if self.status != ConnectionStatus.ACCEPTED:
            raise ValidationError(_("You are not connected."))
        self.delete()

    def can_message(self) -> bool:
        return self.status == ConnectionStatus.ACCEPTED and not Block.objects.between(self.low, self.high).exists()

    def send(self, sender, body: str, token: uuid.UUID | None = None) -> Message:
        """Store `sender`'s message, all of it or nothing. A `token` (the form's, or the API's
        Idempotency-Key) makes sending again, even at the same moment, return the first message."""
        if not self.can_message():
            raise ValidationError(_("You cannot send messages in this conversation."))
        sent = Message.objects.filter(connection=self, sender=sender, token=token) if token else None
        if sent is not None and (message := sent.first()):
            return message
        try:
            with transaction.atomic():
                message = Message.objects.create(connection=self, sender=sender, body=body, token=token)
                Connection.objects.filter(pk=self.pk).update(last_message_at=message.created_at)
                self.mark_read(sender, message.created_at)
        except IntegrityError:
            if sent is None:
                raise
            return sent.get()  # the same message, sent at the same moment, won
        return message

    def mark_read(self, profile, when=None) -> None:
        field = "low_read_at" if profile.pk == self.low_id else "high_read_at"
        Connection.objects.filter(pk=self.pk).update(**{field: when or timezone.now()})


def get_connection_or_404(viewer_profile, public_id) -> Connection:
    """One of the viewer's own connections; anybody else's, or a forged id, is a 404."""
    try:
        return (
            Connection.objects.reachable_by(viewer_profile)
            .select_related("low__place", "high__place")
            .get(public_id=public_id)
        )
    except (Connection.DoesNotExist, ValidationError, ValueError):
        raise Http404(_("No such conversation.")) from None


class MessageQuerySet(models.QuerySet):
    def unread_by(self, profile) -> MessageQuerySet:
        """Messages to `profile`, in their accepted connections, since they last read each one."""
        as_low = Q(connection__low=profile) & (
            Q(connection__low_read_at__isnull=True) | Q(created_at__gt=F("connection__low_read_at"))
        )
        as_high = Q(connection__high=profile) & (
            Q(connection__high_read_at__isnull=True) | Q(created_at__gt=F("connection__high_read_at"))
        )
        accepted = self.filter(connection__status=ConnectionStatus.ACCEPTED).exclude(sender=profile)
        return accepted.filter(as_low | as_high).exclude(Exists(blocks_between_the_pair("connection__")))


class Message(models.Model):
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(
        _("message"), max_length=MAX_MESSAGE_LENGTH, validators=[MaxLengthValidator(MAX_MESSAGE_LENGTH)]
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The sender's one-time token (the form's, or the API's Idempotency-Key): the same message
    # sent twice is stored once.
    token = models.UUIDField(null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["connection", "created_at"], name="message_thread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "sender", "token"], condition=Q(token__isnull=False), name="message_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} @ {self.created_at:%Y-%m-%d %H:%M}"
