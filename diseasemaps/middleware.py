"""Site-wide request hygiene: control characters never reach a view, nothing said to a signed-in
member is kept by a browser or proxy cache, and logins pause at once while the cache is down."""

from __future__ import annotations

import re

from django.core.cache import caches
from django.http import QueryDict
from django.urls import Resolver404, resolve

from diseasemaps.cache import available
from diseasemaps.errors import too_many_requests

# C0 and C1 control characters, but tab, line feed and carriage return, which text fields may hold.
CONTROL_RANGES = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_RANGES}]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def without_controls(data: QueryDict) -> QueryDict:
    if not any(CONTROL_CHARACTERS.search(key + "".join(values)) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(CONTROL_CHARACTERS.sub("", key), [CONTROL_CHARACTERS.sub("", value) for value in values])
    cleaned._mutable = False
    return cleaned


class DropControlCharactersMiddleware:
    """Drop control characters from query strings and submitted forms. PostgreSQL refuses a NUL
    in any text, and no field of ours means to hold one. JSON bodies are checked by the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = without_controls(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = without_controls(request.POST)
        return self.get_response(request)


class PrivateWhenSignedInMiddleware:
    """Every response to a signed-in member is theirs alone: `Cache-Control: private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


# The account forms whose posts django-allauth rate-limits in the cache (logging out is not one).
RATE_LIMITED_ACCOUNT_FORMS = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_from_key",
    "account_change_password",
    "account_set_password",
    "account_email",
}


class PauseLoginsWhileCacheIsDownMiddleware:
    """While the cache is known to be down, refuse the rate-limited account forms at once with the
    503 of diseasemaps.errors.too_many_requests. allauth would refuse them too, but only after
    waiting a second for a lock in the dead cache, and a guesser could keep every worker waiting."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not cache_answers() and resolves_to(request, RATE_LIMITED_ACCOUNT_FORMS):
            return too_many_requests(request)
        return self.get_response(request)


def cache_answers() -> bool:
    """Known to answer, or answering a read now (the cache is asked at most once a second while down)."""
    if available():
        return True
    caches["default"].get("cache-probe")
    return available()


def resolves_to(request, names: set[str]) -> bool:
    try:
        return resolve(request.path_info).url_name in names
    except Resolver404:
        return False
