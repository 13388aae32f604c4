"""Emails about connection requests and messages, batched: at most one an hour for each
conversation and member, and none for members who turned them off. The task worker sends them;
the hour's slot is taken when an email is sent, and given back when sending fails."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from community.models.connections import Connection, ConnectionStatus, Message
from diseasemaps.tasks import retry_or_give_up

EMAIL_EVERY = timedelta(hours=1)


def request_arrived(connection: Connection) -> None:
    """Called once the request is committed: the worker emails the member asked."""
    if connection.status == ConnectionStatus.PENDING:
        send_notification.enqueue("request", connection.pk)


def message_arrived(message: Message) -> None:
    """Called once the message is committed: the worker emails its recipient."""
    send_notification.enqueue("message", message.pk)


def about_request(connection_id: int):
    connection = Connection.objects.filter(pk=connection_id, status=ConnectionStatus.PENDING).first()
    if connection is None:
        return None  # answered or withdrawn before the worker came to it
    sender = connection.requested_by
    subject = _("%(name)s asks to connect with you"), {"name": sender.display_name}
    return connection, connection.other(sender), subject, "community/connections/email/request.txt", {"sender": sender}


def about_message(message_id: int):
    message = Message.objects.select_related("connection", "sender").filter(pk=message_id).first()
    if message is None:
        return None
    connection, sender = message.connection, message.sender
    subject = _("A new message from %(name)s"), {"name": sender.display_name}
    context = {"sender": sender, "connection": connection}
    return connection, connection.other(sender), subject, "community/connections/email/message.txt", context


ABOUT = {"request": about_request, "message": about_message}


@task()
def send_notification(kind: str, object_id: int, attempt: int = 1) -> str:
    """Email the recipient of a connection request or a message, unless they opted out or had an
    email about this conversation within the hour. Tried again later if the database is away."""
    try:
        return notify(kind, object_id, attempt)
    except (OperationalError, InterfaceError) as error:
        return retry_or_give_up(send_notification, attempt, error, kind, object_id)


def notify(kind: str, object_id: int, attempt: int) -> str:
    about = ABOUT[kind](object_id)
    if about is None:
        return "gone"
    connection, recipient, subject, template, context = about
    if not recipient.email_notifications or not recipient.user.email:
        return "opted out"
    field = "low_notified_at" if recipient.pk == connection.low_id else "high_notified_at"
    previous = getattr(connection, field)
    now = timezone.now()
    # Claim the slot in one UPDATE, so that concurrent workers send one email, not several.
    recent = {f"{field}__gte": now - EMAIL_EVERY}
    if not Connection.objects.filter(pk=connection.pk).exclude(**recent).update(**{field: now}):
        return "batched"
    with translation.override(recipient.language):  # in the recipient's language, links included
        subject = str(subject[0]) % subject[1]
        body = render_to_string(template, {**context, "recipient": recipient, "site_url": settings.SITE_URL})
    try:
        send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, [recipient.user.email])
    except OSError as error:
        # Not sent: the slot is free again, for this retry or the next message.
        Connection.objects.filter(pk=connection.pk, **{field: now}).update(**{field: previous})
        return retry_or_give_up(send_notification, attempt, error, kind, object_id)
    return "sent"
