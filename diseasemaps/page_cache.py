"""Whole-page cache for anonymous visitors, and for signed-in members once for all of them with
holes for each member's own parts (`cache_for_members`), with a fresh CSP nonce in every response.

A cached page is stored with its nonce replaced by a placeholder; each hit gets a new nonce,
which django-csp also puts in the header, so no nonce is ever sent twice. The key holds a
content version given by the view (a condition's `updated_at`, for example), so a changed page
is never served stale and nothing needs deleting.

Nothing of one visitor is ever cached or served in its place: signed-in users, visitors who carry
a session or pending messages, responses that show messages, set cookies or use a CSRF token, and
anything but a 200 bypass the cache. The key holds the site's own address (SITE_URL), never the
Host header, which anyone can vary to fill the cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.template.context_processors import csrf
from django.template.loader import get_template
from django.utils.translation import get_language

PAGE_SECONDS = 7 * 24 * 3600
NONCE_PLACEHOLDER = "\x00csp-nonce\x00"


def cache_for_visitors(version: Callable[..., object | None], vary: Callable[[object], str | None] | None = None):
    """Cache a GET view for anonymous visitors. `version(*args, **kwargs)` returns the content
    version of the page, or None when it must not be cached (for example it does not exist).
    `vary(request)` names the variant of a page that depends on its query (a sort order, say):
    it must return one of a few known values, never the raw query, or the cache could be flooded;
    None means this variant is not cached."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated or request.method != "GET" or carries_state(request):
                return view(request, *args, **kwargs)
            stamp = version(*args, **kwargs)
            if stamp is None:
                return view(request, *args, **kwargs)
            variant = vary(request) if vary else ""
            if variant is None:
                return view(request, *args, **kwargs)
            key = f"page:{settings.SITE_URL}:{request.path}:{variant}:{get_language()}:{stamp}"
            html = cache.get(key)
            if html is not None:
                return HttpResponse(html.replace(NONCE_PLACEHOLDER, str(request.csp_nonce)))
            response = view(request, *args, **kwargs)
            if cacheable(request, response):
                nonce = getattr(request, "_csp_nonce", None)
                content = response.content.decode()
                cache.set(key, content.replace(nonce, NONCE_PLACEHOLDER) if nonce else content, PAGE_SECONDS)
            return response

        return wrapper

    return decorator


def carries_state(request) -> bool:
    """Whether the visitor brings something of their own: a session, or messages waiting."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def cacheable(request, response, for_members: bool = False) -> bool:
    """Whether a response may be stored: for members, a CSRF token is allowed in the holes only
    (cache_for_members checks the rest of the page), and their cookies are set per request."""
    return (
        response.status_code == 200
        and not len(messages.get_messages(request))
        and not response.streaming
        and (for_members or not response.cookies)
        and (for_members or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        and response.get("Content-Type", "").startswith("text/html")
    )


OWN_PART = re.compile("\x00own:(\\d+)\x00(.*?)\x00/own\x00", re.DOTALL)
OWN_HOLE = re.compile("\x00own:(\\d+)\x00")
NEVER_SHARED = "csrfmiddlewaretoken"  # a token outside the holes: the page is not cached


def cache_for_members(
    version: Callable[..., object | None],
    vary: Callable[[object], str | None] | None = None,
    private: Callable[[object], bool] | None = None,
):
    """Cache a GET view whole for signed-in members, once for all of them, with holes for each
    member's own parts (`{% own_part %}`, which renders a small template per request).

    The page must show nothing of the member outside its holes but what every member sees alike.
    The key is the path, variant, language and content version, under a prefix of its own, so a
    visitor's key never meets it. A member who is `private(user)` (staff who see drafts), who has
    messages waiting, or whose page is not a plain 200 gets the page rendered for them alone; a
    page with a CSRF token outside its holes is never stored."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or request.method != "GET" or (private and private(user)):
                return view(request, *args, **kwargs)
            if len(messages.get_messages(request)):
                return view(request, *args, **kwargs)
            stamp = version(*args, **kwargs)
            variant = vary(request) if vary else ""
            if stamp is None or variant is None:
                return view(request, *args, **kwargs)
            key = f"members-page:{settings.SITE_URL}:{request.path}:{variant}:{get_language()}:{stamp}"
            cached = cache.get(key)
            if cached is not None:
                html, parts = cached
                return HttpResponse(fill_own_parts(request, html, parts))
            request.own_parts = []
            response = view(request, *args, **kwargs)
            parts, request.own_parts = request.own_parts, None
            if not cacheable(request, response, for_members=True):
                return without_marks(response)
            content = response.content.decode()
            shared = OWN_PART.sub(lambda match: f"\x00own:{match.group(1)}\x00", content)
            nonce = getattr(request, "_csp_nonce", None)
            if NEVER_SHARED not in shared and not (user.email and user.email in shared):
                cache.set(key, (shared.replace(nonce, NONCE_PLACEHOLDER) if nonce else shared, parts), PAGE_SECONDS)
            return without_marks(response)

        return wrapper

    return decorator


def mark_own_part(request, template_name: str, values: dict, html: str) -> str:
    """Mark a member's own part in a page being rendered for the members' cache, and note how to
    render it again: the template and its values, which must be the same for every member."""
    parts = getattr(request, "own_parts", None)
    if parts is None:
        return html
    parts.append((template_name, values))
    return f"\x00own:{len(parts) - 1}\x00{html}\x00/own\x00"


def render_own_part(request, template_name: str, values: dict) -> str:
    """A member's own part, given only the values and what it needs of the request: the user, the
    CSRF token and the nonce. No context processors run: this is done on every request."""
    context = {
        **values,
        "request": request,
        "user": request.user,
        "csrf_token": csrf(request)["csrf_token"],
        "CSP_NONCE": getattr(request, "csp_nonce", ""),
    }
    return get_template(template_name).render(context)


def fill_own_parts(request, html: str, parts: list) -> str:
    def own(match) -> str:
        template_name, values = parts[int(match.group(1))]
        return render_own_part(request, template_name, values)

    return OWN_HOLE.sub(own, html).replace(NONCE_PLACEHOLDER, str(request.csp_nonce))


def without_marks(response):
    if not response.streaming and b"\x00own:" in response.content:
        response.content = OWN_PART.sub(lambda match: match.group(2), response.content.decode())
    return response
