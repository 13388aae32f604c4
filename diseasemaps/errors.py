"""Error pages: under /api/ a JSON body in the API's `{"detail": ...}` shape, elsewhere the site's pages.
An error because the database is down (stopped, restarting) is a 503 "we'll be back" page, not a 500."""

from __future__ import annotations

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from diseasemaps.cache import available

API_PREFIX = "/api/"
# PostgreSQL's SQLSTATEs of a lost connection: class 08, and the server shutting down or starting up.
# Failing to connect at all carries none.
CONNECTION_LOST = ("08", "57P01", "57P02", "57P03")
RETRY_AFTER_SECONDS = 30
LOG_EVERY_SECONDS = 60

logger = logging.getLogger(__name__)


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
    if database_is_down(sys.exc_info()[1]):
        return database_unavailable(request)
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


def database_is_down(error: BaseException | None) -> bool:
    """The error, or one it was raised while handling, says the database cannot be reached: no
    connection, or one the server ended. A deadlock or a timeout is the database answering: a 500."""
    for _depth in range(5):
        if error is None:
            return False
        if isinstance(error, InterfaceError):
            return True
        if isinstance(error, OperationalError):
            sqlstate = getattr(error.__cause__, "sqlstate", None)  # the driver's error, if any
            return sqlstate is None or sqlstate.startswith(CONNECTION_LOST)
        error = error.__cause__ or error.__context__
    return False


def database_unavailable(request):
    """The 503 while the database is down. Its template needs no database (no session, no member,
    no context processors): it is rendered without the request."""
    if is_api(request):
        detail = _("The site is down for a moment. Please try again in a minute.")
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(loader.get_template("503_database.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # by the request log; the outage is logged once a minute
    DatabaseOutageLog.seen(sys.exc_info()[1])
    return response


class DatabaseOutageLog:
    """One warning a minute while the database is down, not one traceback a request."""

    last = 0.0

    @classmethod
    def seen(cls, error: BaseException | None) -> None:
        now = time.monotonic()
        if now - cls.last >= LOG_EVERY_SECONDS:
            cls.last = now
            logger.warning("database unavailable, answering 503 (logged once a minute): %s", type(error).__name__)
