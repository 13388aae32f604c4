"""HTTP method rules shared by the pages."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed

SAFE_METHODS = ["GET", "HEAD", "OPTIONS"]


def require_safe(view):
    """A page that only reads: GET and HEAD run it, OPTIONS says what is allowed, anything else
    is a 405. (Django's own `require_safe` refuses OPTIONS.)"""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        return view(request, *args, **kwargs)

    return wrapper


def absolute_url(path: str) -> str:
    """The full address of a path on the site, from SITE_URL: never from the request's Host
    header, which any client can set (and so put its own address in cached pages and emails)."""
    return settings.SITE_URL + path
