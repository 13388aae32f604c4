"""Keep each membership's copy of its member (place, age, effective visibility; see Membership)
and move the condition's map version whenever who is counted on its map may have changed:
joining, leaving, a profile edit, a confirmed or removed email, a deactivated or deleted account.
Cached map figures and pages are keyed on that version, so they are never served stale; the
counts of people (each condition's, and the site's in community/models/totals.py) and the map's
counts by place, country and role, and age (community/models/map_counts.py) move with it, in the
same transaction, after the condition's row (so changes to one map's counts queue up on it)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from community.connections.notifications import message_arrived, request_arrived
from community.members.consent import remember_at_sign_in
from community.models import ON_MAP, Membership, Place, Profile, Visibility
from community.models.connections import Connection, Message
from community.models.map_counts import count_changes
from community.models.totals import recount_people, recount_person
from community.places.search import forget_countries
from conditions.models import Answer, Condition, Question


def refresh_maps_of(user_id: int) -> None:
    """Renew the member's memberships; move the map version of the conditions whose public figures
    changed. An unconfirmed or hidden member's edits move none, so they cannot empty the cache."""
    with transaction.atomic():
        profiles = list(Profile.objects.select_for_update().filter(user_id=user_id).values_list("pk", flat=True))
        changed = Membership.objects.of_user(user_id).refresh_copies()
        count_changes(changed.before, changed.after, changed.people)
        if changed.people:
            for profile_id in profiles:
                recount_person(profile_id)


def membership_changed(sender, instance: Membership, **kwargs) -> None:
    people = int(instance.visibility in ON_MAP) - int(getattr(instance, "counted_before", False))
    if instance.shows_to_visitors:
        before = getattr(instance, "map_row_before", None)
        count_changes([before] if before else [], [instance.map_row], {instance.condition_id: people})
    if people:
        recount_person(instance.member_id)


def membership_deleting(sender, instance: Membership, **kwargs) -> None:
    """Take a leaving member off the counts once: hidden first, in one conditional UPDATE, so that
    an email address deleted with the same account (which hides its memberships) cannot count
    them off a second time. The row is read under its lock, to take it off the right counts."""
    counted = Membership.objects.select_for_update().filter(pk=instance.pk, visibility__in=ON_MAP).map_rows()
    if counted:
        Membership.objects.filter(pk=instance.pk).update(visibility=Visibility.HIDDEN)
        count_changes(counted, [], {instance.condition_id: -1})
        recount_person(instance.member_id)


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
        Condition.objects.filter(questions__in=question_ids).touch_answers()


def condition_saving(sender, instance: Condition, **kwargs) -> None:
    published = Condition.objects.filter(pk=instance.pk).values_list("is_published", flat=True).first()
    instance.publishing_changed = published is not None and published != instance.is_published


def condition_saved(sender, instance: Condition, **kwargs) -> None:
    """Publishing or withdrawing a condition changes who is on a published map: count again."""
    if getattr(instance, "publishing_changed", False):
        recount_people()


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
    post_save.connect(forget_countries, sender=Place, dispatch_uid="community-place-saved")
    post_delete.connect(forget_countries, sender=Place, dispatch_uid="community-place-deleted")
    post_save.connect(membership_saved, sender=Membership, dispatch_uid="community-membership-saved")
    pre_delete.connect(membership_deleting, sender=Membership, dispatch_uid="community-membership-deleting")
    post_save.connect(profile_changed, sender=Profile, dispatch_uid="community-profile-saved")
    pre_save.connect(condition_saving, sender=Condition, dispatch_uid="community-condition-saving")
    post_save.connect(condition_saved, sender=Condition, dispatch_uid="community-condition-saved")
    post_save.connect(account_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-account-saved")
    post_save.connect(email_address_changed, sender=EmailAddress, dispatch_uid="community-email-saved")
    post_delete.connect(email_address_changed, sender=EmailAddress, dispatch_uid="community-email-deleted")
    email_confirmed.connect(email_verified, dispatch_uid="community-email-verified")
    post_save.connect(connection_saved, sender=Connection, dispatch_uid="community-connection-saved")
    post_save.connect(message_saved, sender=Message, dispatch_uid="community-message-saved")
    user_logged_in.connect(remember_at_sign_in, dispatch_uid="community-consent-at-sign-in")
