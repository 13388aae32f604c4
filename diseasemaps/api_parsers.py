"""The API's parsers: DRF's JSON and form parsers, refusing with a 400 what would otherwise be a 500
or reach the database: JSON nested deeper than any request needs, and control characters
(NUL and the like, or lone surrogates) in any field name or value. Tabs and line breaks are text."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.settings import api_settings

from diseasemaps.middleware import CONTROL_RANGES

MAX_JSON_DEPTH = 32
# The site's control characters (diseasemaps/middleware.py), and lone surrogates, which JSON escapes can make.
CONTROL_CHARACTER = re.compile(f"[{CONTROL_RANGES}\ud800-\udfff]")


def nested_too_deeply() -> ParseError:
    return ParseError(_("The JSON is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_JSON_DEPTH})


def check_depth(data) -> None:
    """Walks the document without recursion, so that depth itself cannot break the check."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise nested_too_deeply()
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)


def first_control_character(value) -> str | None:
    """The first control character in a string, or in any key or string of a JSON value."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            found = CONTROL_CHARACTER.search(value)
            if found:
                return found.group()
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return None


def control_character_error(character: str) -> str:
    return _("This field contains a control character (U+%(code)04X), which is not allowed.") % {"code": ord(character)}


def check_text(fields) -> None:
    """Raises a 400 naming each field (a top-level key) whose name or value holds a control character."""
    errors = {}
    for name, value in fields:
        if first_control_character(name):
            errors[api_settings.NON_FIELD_ERRORS_KEY] = [_("Field names cannot contain control characters.")]
        elif character := first_control_character(value):
            errors[name] = [control_character_error(character)]
    if errors:
        raise ValidationError(errors)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise nested_too_deeply() from None
        check_depth(data)
        check_text(data.items() if isinstance(data, dict) else [(api_settings.NON_FIELD_ERRORS_KEY, data)])
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_text(data.lists())
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        check_text(parsed.data.lists())
        return parsed
