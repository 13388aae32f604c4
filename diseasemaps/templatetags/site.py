"""Template helpers used by every page."""

from __future__ import annotations

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from conditions.languages import content_language
from diseasemaps.http import absolute_url as site_address
from diseasemaps.languages import PageLanguage, page_languages

register = template.Library()

# The same escapes Django's json_script uses, so that no "</script>" can close the tag early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data: dict) -> str:
    """A schema.org JSON-LD block carrying this response's CSP nonce."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    nonce = context.get("CSP_NONCE", "")
    return format_html('<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(payload))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str | None = None) -> str:
    return site_address(path if path is not None else context["request"].path)


@register.simple_tag(takes_context=True)
def languages_of_page(context, query: str = "") -> list[PageLanguage]:
    """This page in each language, for the switcher and the hreflang alternates (the path only, or
    with the query the page's canonical address keeps, such as the A–Z's letter and page)."""
    return page_languages(context["request"].path, query)


@register.filter
def lang_if_other(language: str) -> str:
    """` lang="en"` on content shown in another language than the page's (an untranslated
    question), nothing when it is the page's."""
    return "" if language == content_language() else format_html(' lang="{}"', language)


@register.filter
def machine_datetime(value) -> str:
    """A `<time datetime>` value HTML accepts: to the second, in UTC ("2026-12-01T18:46:29Z");
    Django's "c" format gives microseconds, which HTML refuses."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
