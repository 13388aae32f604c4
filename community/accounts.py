"""How django-allauth creates accounts here: no username or name is ever derived from the email."""

from __future__ import annotations

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user) -> None:
        # The username is internal only (Django requires one); members are known by their profile's
        # display name. A random one can never reveal the email it would otherwise be made from.
        user.username = user.username or f"member-{uuid.uuid4().hex[:16]}"

    def get_email_verification_redirect_url(self, email_address) -> str:
        """After verifying, land on the map the member just joined, told how they appear there."""
        membership = (
            email_address.user.profile.memberships.select_related("condition").first()
            if hasattr(email_address.user, "profile")
            else None
        )
        if membership and self.request.user.is_authenticated:
            return membership.condition.get_absolute_url() + "?welcome=1"
        return super().get_email_verification_redirect_url(email_address)

    def get_signup_redirect_url(self, request) -> str:
        return reverse("community:profile")
