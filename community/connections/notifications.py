"""Emails about connection requests and messages, batched: at most one an hour for each
conversation and member, and none for members who turned them off."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models.connections import Connection, ConnectionStatus

EMAIL_EVERY = timedelta(hours=1)


def notify(connection: Connection, recipient, subject: str, template: str, context: dict) -> bool:
    """Email `recipient` about `connection` unless they opted out or had an email about it within
    the hour; return whether one was sent."""
    if not recipient.email_notifications or not recipient.user.email:
        return False
    field = "low_notified_at" if recipient.pk == connection.low_id else "high_notified_at"
    now = timezone.now()
    # Claim the slot in one UPDATE, so that concurrent messages send one email, not several.
    recent = {f"{field}__gte": now - EMAIL_EVERY}
    claimed = Connection.objects.filter(pk=connection.pk).exclude(**recent).update(**{field: now})
    if not claimed:
        return False
    body = render_to_string(template, {**context, "recipient": recipient, "site_url": settings.SITE_URL})
    send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, [recipient.user.email])
    return True


def request_arrived(connection: Connection) -> bool:
    if connection.status != ConnectionStatus.PENDING:
        return False
    sender = connection.requested_by
    recipient = connection.other(sender)
    subject = _("%(name)s asks to connect with you") % {"name": sender.display_name}
    return notify(connection, recipient, subject, "community/connections/email/request.txt", {"sender": sender})


def message_arrived(message) -> bool:
    connection = message.connection
    sender = message.sender
    recipient = connection.other(sender)
    subject = _("A new message from %(name)s") % {"name": sender.display_name}
    context = {"sender": sender, "connection": connection}
    return notify(connection, recipient, subject, "community/connections/email/message.txt", context)
