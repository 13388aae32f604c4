"""One structured line a request, as JSON on the `diseasemaps.requests` logger: the method, the path
without its query, the status, the time taken and the member's id ("-" for visitors). Nothing a
member typed is logged: no query strings, no bodies, no emails (an address in a path is masked), and
the links that carry a secret (email confirmation, password reset) are logged as their pattern."""

from __future__ import annotations

import json
import logging
import re
import time

from django.db import DatabaseError
from django.urls import Resolver404, resolve

logger = logging.getLogger("diseasemaps.requests")

EMAIL = re.compile(r"[^/@\s]+@[^/@\s]+")
SECRET_LINKS = {"account_confirm_email", "account_reset_password_from_key"}


class RequestLogMiddleware:
    """Outermost, so that the time covers every other middleware and the status is the final one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            logger.info(json.dumps(line(request, response.status_code, duration_ms)))
        return response


def line(request, status: int, duration_ms: float) -> dict:
    return {
        "method": request.method,
        "path": loggable_path(request),
        "status": status,
        "duration_ms": duration_ms,
        "user": member_id(request),
    }


def member_id(request) -> int | str:
    """The member's id, or "-" for a visitor, and for anyone while the database (which holds the
    sessions) is down: the line is written all the same."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else "-"
    except DatabaseError:
        return "-"


def loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is not None and match.url_name in SECRET_LINKS:
        return "/" + match.route
    return EMAIL.sub("[email]", path)


class MaskEmails(logging.Filter):
    """On the console handler: an email address in any log line (Django's "Not Found: /path", say)
    is masked, whichever logger wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message:
            record.msg, record.args = EMAIL.sub("[email]", message), None
        return True
