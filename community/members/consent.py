"""Consent to process health data (GDPR art. 9(2)(a)), asked before anything else.

A signed-in member whose profile holds no consent to the current privacy policy (members from
before consent was asked, or after the policy changed) is sent to the consent page, with `next`
kept; the API answers them a 403 in JSON. The consent page, logging out, the policies, and
downloading one's data or deleting one's account stay reachable. An account without a profile
holds no health data and is not asked; it consents when it creates its profile.

Whether the member has consented is remembered in the session, at sign-in and once it is checked,
so that the check costs no query on every request.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from community.models import Profile, current_policy

SESSION_KEY = "health_data_consent"
# Where a member who has not consented may still go (view names).
REACHABLE_WITHOUT_CONSENT = {
    "community:consent",
    "account_logout",
    "privacy",
    "terms",
    "contact",
    "community:my_data",
    "community:delete_account",
    "community:unread",  # the header's badge, on the pages above
    "api:my-export",
    "api:my-delete",
    "healthz",
    "readyz",
    "favicon",
    "robots_txt",
}


def remember(request) -> None:
    """Note in the session that this member has nothing left to consent to."""
    request.session[SESSION_KEY] = current_policy()


def consent_missing(request) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, so nobody signed in: costs nothing for visitors
    if request.session.get(SESSION_KEY) == current_policy() or not request.user.is_authenticated:
        return False
    version = Profile.objects.filter(user=request.user).values_list("health_data_consent_version", flat=True).first()
    if version is None or version == current_policy():  # no profile, no health data; or consented already
        remember(request)
        return False
    return True


def remember_at_sign_in(sender, request, user, **kwargs) -> None:
    """At sign-in, note a member who has consented (one query then, none on later requests), and
    answer in their saved language from then on (diseasemaps/languages.py sets the cookie)."""
    if request is None or not hasattr(request, "session"):
        return
    fields = ("health_data_consent_at", "health_data_consent_version", "language")
    profile = Profile.objects.filter(user=user).only(*fields).first()
    if profile is None or profile.has_current_consent:
        remember(request)
    if profile is not None:
        request.saved_language = profile.language


def reachable(request) -> bool:
    if request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
        return True
    try:
        return resolve(request.path_info).view_name in REACHABLE_WITHOUT_CONSENT
    except Resolver404:
        return False


def wants_json(request) -> bool:
    return request.path_info.startswith("/api/") or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def safe_next(request, url: str | None) -> str:
    """`url` if it stays on this site, otherwise empty."""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return ""


def consent_url(next_url: str = "") -> str:
    url = reverse("community:consent")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class ConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if consent_missing(request) and not reachable(request):
            return self.ask_for_consent(request)
        return self.get_response(request)

    def ask_for_consent(self, request):
        if wants_json(request):
            detail = _("Agree to the privacy policy to use your account: read it and give your consent at %(url)s.")
            url = reverse("community:consent")
            return JsonResponse(
                {"detail": detail % {"url": url}, "code": "consent_required", "consent_url": url}, status=403
            )
        # A form posted from a page: come back to that page (the post is not replayed).
        wanted = request.get_full_path() if request.method in ("GET", "HEAD") else request.headers.get("referer")
        return HttpResponseRedirect(consent_url(safe_next(request, wanted)))
