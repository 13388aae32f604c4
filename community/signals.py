"""Map figures show on cached condition pages: move a condition's content version whenever who
is counted on its map may have changed."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.db.models.signals import post_delete, post_save, pre_delete

from community.models import Membership, Profile
from conditions.models import Condition


def membership_changed(sender, instance: Membership, **kwargs) -> None:
    Condition.objects.filter(pk=instance.condition_id).touch()


def profile_changed(sender, instance: Profile, **kwargs) -> None:
    Condition.objects.filter(memberships__member=instance).touch()


def email_verified(request, email_address, **kwargs) -> None:
    Condition.objects.filter(memberships__member__user=email_address.user).touch()


def connect() -> None:
    post_save.connect(membership_changed, sender=Membership, dispatch_uid="community-membership-saved")
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid="community-membership-deleted")
    post_save.connect(profile_changed, sender=Profile, dispatch_uid="community-profile-saved")
    pre_delete.connect(profile_changed, sender=Profile, dispatch_uid="community-profile-deleted")
    email_confirmed.connect(email_verified, dispatch_uid="community-email-verified")
