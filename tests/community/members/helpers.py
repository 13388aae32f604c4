"""What the members' tests share: the sign-up form's data, the links in emails, logging in, the community
pages' addresses and the profile form's data."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from community.models import Membership, Profile, Role, Visibility
from tests.factories import MembershipFactory

User = get_user_model()


NEW_PASSWORD = "Lantern-Trombone-Quartz-42"


CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)")


RESET_LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/[^/\s]+/)")


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


BAD_LOGIN = "The email address and/or password you specified are not correct."


TOO_MANY = "Too many failed login attempts. Try again later."


VALENCIA_ID = 2509954  # the `valencia` fixture


def signup_data(
    email: str = "rosa.newcomer@example.org",
    display_name: str = "Rosa from the coast",
    *,
    place: object = VALENCIA_ID,
    role: str = Role.FAMILY,
    visibility: str = Visibility.LISTED,
    condition: str = "",
    next_url: str | None = None,
    **extra: str,
) -> dict:
    """What the sign-up form posts, with a strong password that has nothing to do with the email."""
    data = {
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "display_name": display_name,
        "role": role,
        "place": place,
        "visibility": visibility,
        "condition": condition,
        "health_data_consent": "on",
        **extra,
    }
    if next_url is not None:
        data["next"] = next_url
    return data


def html(response) -> str:
    return response.content.decode()


def link_in(message, pattern: re.Pattern = CONFIRM_LINK) -> str:
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


def log_in(client: Client, email: str, password: str, next_url: str = ""):
    url = f"/accounts/login/?next={next_url}" if next_url else "/accounts/login/"
    return client.post(url, {"login": email, "password": password})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


PROFILE_URL = "/community/profile/"
XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


def join_url(condition) -> str:
    return reverse("community:join", args=[condition.slug])


def role_url(slug: str) -> str:
    return reverse("community:change_role", args=[slug])


def leave_url(slug: str) -> str:
    return reverse("community:leave", args=[slug])


def login_url() -> str:
    return reverse("account_login")


def people_shown(response) -> int:
    """The "There are N people in the map" figure of a condition page."""
    assert response.status_code == 200
    match = re.search(r'class="map-teaser__count" data-people="(\d+)"', response.content.decode())
    assert match, "the condition page has no map figure"
    return int(match.group(1))


def profile_data(profile: Profile, **changes) -> dict:
    """What the profile form posts when nothing is changed, with `changes` applied."""
    data = {
        "display_name": profile.display_name,
        "role": profile.role,
        "place": str(profile.place_id),
        "visibility": profile.visibility,
        "accepts_requests": profile.accepts_requests,
        "email_notifications": "on" if profile.email_notifications else "",
        "sex": profile.sex,
        "birth_year": profile.birth_year or "",
        "age_at_diagnosis": profile.age_at_diagnosis or "",
        "about": profile.about,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(profile: Profile) -> dict:
    profile.refresh_from_db()
    return {
        field: getattr(profile, field)
        for field in ("display_name", "role", "place_id", "visibility", "sex", "birth_year", "about")
    }


def on_map(user, condition, **fields) -> Membership:
    return MembershipFactory(member=user.profile, condition=condition, **fields)
