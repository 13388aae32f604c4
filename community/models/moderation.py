"""Members report a message or a member; moderators (the "Moderators" group) see in the admin the
reported message with the few messages around it, and nothing else of the conversation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from community.models.connections import Message

MODERATORS_GROUP = "Moderators"
CONTEXT_MESSAGES = 2  # before and after the reported one
MAX_NOTE_LENGTH = 500


class ModerationReason(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment or threats")
    SPAM = "spam", _("Advertising, scams or spam")
    HEALTH = "health", _("Dangerous health advice")
    IMPERSONATION = "impersonation", _("Pretending to be someone else")
    OTHER = "other", _("Something else")


class ModerationReport(models.Model):
    reporter = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="reports_made")
    reported = models.ForeignKey("community.Profile", on_delete=models.CASCADE, related_name="reports_received")
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=ModerationReason.choices)
    note = models.CharField(_("details"), max_length=MAX_NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation report")
        verbose_name_plural = _("moderation reports")
        ordering = ["resolved_at", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.reported}"

    def context(self) -> list[Message]:
        """The reported message and up to CONTEXT_MESSAGES on each side, in order."""
        if self.message is None:
            return []
        thread = Message.objects.filter(connection_id=self.message.connection_id).select_related("sender")
        before = thread.filter(created_at__lt=self.message.created_at).order_by("-created_at")[:CONTEXT_MESSAGES]
        after = thread.filter(created_at__gt=self.message.created_at).order_by("created_at")[:CONTEXT_MESSAGES]
        return [*reversed(before), self.message, *after]


def ensure_moderators_group(sender=None, **kwargs) -> None:
    """post_migrate hook: a group that can read and resolve reports, and nothing else."""
    from django.contrib.auth.models import Group, Permission

    codenames = ["view_moderationreport", "change_moderationreport"]
    permissions = Permission.objects.filter(content_type__app_label="community", codename__in=codenames)
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.set(permissions)
