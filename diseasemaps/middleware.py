"""Site-wide request hygiene: control characters never reach a view, and nothing said to a
signed-in member is kept by a browser or proxy cache."""

from __future__ import annotations

import re

from django.http import QueryDict

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
