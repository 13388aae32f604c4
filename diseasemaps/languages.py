"""The site's seven languages: which one a request is answered in, each page's address in every
language, and the switcher that saves a member's choice.

A page's language is its address's (/es/conditions/…; English keeps the addresses without a
prefix), else the language cookie, which the switcher and signing in set from the member's saved
choice, else the browser's Accept-Language. A page asked for without a prefix in another language
than English is sent to its address in that language, so that each address has one language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedRedirect
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from community.models import Profile
from conditions.languages import content_language
from diseasemaps.http import absolute_url

ENGLISH = settings.LANGUAGE_CODE
CODES = tuple(code for code, _name in settings.LANGUAGES)
PREFIXED = re.compile(r"^/([a-z]{2})(/.*)$")
API_PATH = "/api/"


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str  # in the language itself: "Español"
    url: str  # the page's full address in this language
    is_current: bool


def split_prefix(path: str) -> tuple[str | None, str]:
    """("es", "/conditions/x/") for "/es/conditions/x/"; (None, path) for an address without one."""
    match = PREFIXED.match(path)
    if match and match[1] in CODES and match[1] != ENGLISH:
        return match[1], match[2]
    return None, path


def path_in(language: str, path: str) -> str:
    """The same page's path in another language."""
    _prefix, bare = split_prefix(path)
    return bare if language == ENGLISH else f"/{language}{bare}"


def page_languages(path: str, query: str = "") -> list[PageLanguage]:
    """The page at `path` in each language, for the switcher and the hreflang alternates."""
    current = content_language()
    suffix = f"?{query}" if query else ""
    return [
        PageLanguage(
            code=code,
            name=capfirst(translation.get_language_info(code)["name_local"]),
            url=absolute_url(path_in(code, path)) + suffix,
            is_current=code == current,
        )
        for code in CODES
    ]


def exists_in(language: str, path: str, urlconf) -> bool:
    with translation.override(language):
        return is_valid_path(path_in(language, path), urlconf)


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, which reads the address, and for an address without a prefix the
    cookie, then Accept-Language, sending to the prefixed address; it also sets the cookie to a
    member's saved language when they sign in (request.saved_language)."""

    def process_request(self, request):
        super().process_request(request)
        if split_prefix(request.path_info)[0]:
            return None
        if request.path_info.startswith(API_PATH):
            return self.answer_in(request, from_header(request))  # what the caller asks for, whatever its cookie
        wanted = translation.get_language_from_request(request)
        if wanted == ENGLISH:
            return None
        if not exists_in(wanted, request.path_info, getattr(request, "urlconf", settings.ROOT_URLCONF)):
            return self.answer_in(request, wanted)  # the admin: one address in every language
        if request.method not in ("GET", "HEAD"):
            return None  # a form posted to an English address is answered in English
        script_prefix = get_script_prefix()
        address = request.get_full_path().replace(script_prefix, f"{script_prefix}{wanted}/", 1)
        try:
            redirect = HttpResponseRedirect(address)
        except DisallowedRedirect:
            return None  # an address too long to send back: answered where it was asked for, in English
        patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
        return redirect

    @staticmethod
    def answer_in(request, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if split_prefix(request.path_info)[0] is None:
            patch_vary_headers(response, ("Cookie",))
        saved = getattr(request, "saved_language", None)
        if saved in CODES:
            remember(response, saved)
        return response


def from_header(request) -> str:
    """The first of the site's languages the Accept-Language header names, else English."""
    for accepted, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
    return ENGLISH


def remember(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def from_this_site(request) -> bool:
    """A form posted from one of our pages: browsers say where a request comes from."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or url_has_allowed_host_and_scheme(origin, allowed_hosts={request.get_host()})


# No CSRF token, so that every page with the switcher can still be cached for all its visitors;
# a form posted from another site is refused by its origin instead.
@csrf_exempt
@require_POST
def switch_language(request):
    """The switcher in every page's header and footer: Django's set_language (the cookie), then the
    same page in the chosen language, and the choice saved on the member's profile."""
    if not from_this_site(request):
        return HttpResponseForbidden(_("Change the language from one of the site's pages."))
    response = set_language(request)
    language = request.POST.get("language", "")
    if language in CODES and response.has_header("Location"):
        target = urlsplit(response["Location"])
        response["Location"] = path_in(language, target.path) + (f"?{target.query}" if target.query else "")
        if request.user.is_authenticated:
            Profile.objects.filter(user=request.user).update(language=language)
    return response
