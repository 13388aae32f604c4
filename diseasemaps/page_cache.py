"""Whole-page cache for anonymous visitors, with a fresh CSP nonce in every response.

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

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
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


def cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not len(messages.get_messages(request))
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and response.get("Content-Type", "").startswith("text/html")
    )
