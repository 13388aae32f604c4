"""How django-allauth creates accounts here: no username or name is ever derived from the email."""

from __future__ import annotations

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from community.models import Profile
from conditions.languages import content_language
from diseasemaps.tasks import send_later


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user) -> None:
        # The username is internal only (Django requires one); members are known by their profile's
        # display name. A random one can never reveal the email it would otherwise be made from.
        user.username = user.username or f"member-{uuid.uuid4().hex[:16]}"

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys failed logins on the site's domain, which without django.contrib.sites is the
        # request's Host header: varying it ("127.0.0.1:1", ":2", ...) would reset the count. The
        # email alone is the key, so every server and every Host header share one count per account.
        login = credentials.get("email", credentials.get("username", ""))
        return login.strip().casefold()

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Rendered here, where the request and its links are; sent by the task worker after the
        # request commits, so a mail server that fails neither slows nor breaks the request.
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        with translation.override(Profile.objects.language_of(email) or content_language()):
            send_later(self.render_mail(template_prefix, email, context))

    def get_signup_redirect_url(self, request) -> str:
        return reverse("community:profile")


def user_display(user) -> str:
    """How allauth names a user in pages and emails: their pseudonym, never their email."""
    profile = getattr(user, "profile", None) if user.pk else None
    return profile.display_name if profile else str(_("new member"))
