"""Keep each membership's copy of its member (place, age, effective visibility; see Membership)
and move the condition's content version whenever who is counted on its map may have changed:
joining, leaving, a profile edit, a confirmed or removed email, a deactivated or deleted account.
Cached map figures and pages are keyed on that version, so they are never served stale."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from community.connections.notifications import message_arrived, request_arrived
from community.members.consent import remember_at_sign_in
from community.models import Membership, Profile, Visibility
from community.models.connections import Connection, Message
from conditions.models import Answer, Condition, Question


def refresh_maps_of(user_id: int) -> None:
    """Renew the member's memberships; move the version of the conditions whose public figures
    changed. An unconfirmed or hidden member's edits move none, so they cannot empty the cache."""
    changed = Membership.objects.of_user(user_id).refresh_copies()
    if changed:
        Condition.objects.filter(pk__in=changed).touch()


def membership_changed(sender, instance: Membership, **kwargs) -> None:
    if instance.shows_to_visitors:
        Condition.objects.filter(pk=instance.condition_id).touch()


def membership_saved(sender, instance: Membership, **kwargs) -> None:
    """Answers show their author's role for the condition: keep their copy of it."""
    membership_changed(sender, instance)
    answers = Answer.objects.filter(author_id=instance.member.user_id, question__condition_id=instance.condition_id)
    renew_answers(answers.exclude(author_role=instance.role), author_role=instance.role)


def profile_changed(sender, instance: Profile, **kwargs) -> None:
    refresh_maps_of(instance.user_id)
    listed = instance.visibility == Visibility.LISTED
    answers = Answer.objects.filter(author_id=instance.user_id)
    answers = answers.exclude(author_name=instance.display_name, author_listed=listed)
    renew_answers(answers, author_name=instance.display_name, author_listed=listed)


def renew_answers(answers, **copied) -> None:
    """Update answers' copy of their author, and the pages that show them."""
    question_ids = list(answers.values_list("question_id", flat=True))
    if question_ids:
        Answer.objects.filter(pk__in=answers.values("pk")).update(**copied)
        Question.objects.filter(pk__in=question_ids).touch()
        Condition.objects.filter(questions__in=question_ids).touch()


def profile_deleted(sender, instance: Profile, **kwargs) -> None:
    Condition.objects.filter(memberships__in=Membership.objects.filter(member=instance).counted()).touch()


LOGIN_FIELDS = {"last_login", "password"}


def account_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= LOGIN_FIELDS:
        return  # signing in changes nothing on a map
    refresh_maps_of(instance.pk)


def email_address_changed(sender, instance: EmailAddress, **kwargs) -> None:
    refresh_maps_of(instance.user_id)


def email_verified(request, email_address, **kwargs) -> None:
    refresh_maps_of(email_address.user_id)


def connection_saved(sender, instance: Connection, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields and "requested_by" in update_fields):
        transaction.on_commit(lambda: request_arrived(instance), robust=True)


def message_saved(sender, instance: Message, created: bool, **kwargs) -> None:
    if created:
        transaction.on_commit(lambda: message_arrived(instance), robust=True)


def connect() -> None:
    post_save.connect(membership_saved, sender=Membership, dispatch_uid="community-membership-saved")
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid="community-membership-deleted")
    post_save.connect(profile_changed, sender=Profile, dispatch_uid="community-profile-saved")
    pre_delete.connect(profile_deleted, sender=Profile, dispatch_uid="community-profile-deleted")
    post_save.connect(account_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-account-saved")
    post_save.connect(email_address_changed, sender=EmailAddress, dispatch_uid="community-email-saved")
    post_delete.connect(email_address_changed, sender=EmailAddress, dispatch_uid="community-email-deleted")
    email_confirmed.connect(email_verified, dispatch_uid="community-email-verified")
    post_save.connect(connection_saved, sender=Connection, dispatch_uid="community-connection-saved")
    post_save.connect(message_saved, sender=Message, dispatch_uid="community-message-saved")
    user_logged_in.connect(remember_at_sign_in, dispatch_uid="community-consent-at-sign-in")
