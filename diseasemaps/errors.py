"""Error pages: under /api/ a JSON body in the API's `{"detail": ...}` shape, elsewhere the site's pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from diseasemaps.cache import available

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def bad_request(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": _("Server error. Please try again later.")}, status=500)
    return defaults.server_error(request)


def too_many_requests(request):
    """allauth's rate limits (log in, sign up, password reset). They count in the cache; when it is
    down they cannot count, and refuse every attempt rather than let a password-guesser through."""
    if available():
        return render(request, "429.html", status=429)
    context = {
        "heading": _("Logging in is paused for a moment"),
        "message": _(
            "We cannot count attempts to log in, sign up or reset a password right now, and to keep accounts "
            "safe from password guessing we accept none until we can. Please try again in a minute."
        ),
    }
    response = render(request, "503.html", context, status=503)
    response["Retry-After"] = "60"
    response._has_been_logged = True  # the request log has it; the outage is logged once a minute
    return response
