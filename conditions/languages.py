"""The site's languages as content sees them: English is the source every translation falls back to."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant

SOURCE_LANGUAGE = settings.LANGUAGE_CODE  # "en": what every article is written in first


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def content_language(code: str | None = None) -> str:
    """One of the site's languages: `code` (the active language when None), or its nearest variant
    ("es" for "es-mx"), else the source language."""
    try:
        return get_supported_language_variant(code or get_language() or SOURCE_LANGUAGE)
    except LookupError:
        return SOURCE_LANGUAGE


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of language `code` as written mid-sentence in `in_language` (the active one when None),
    from CLDR: "español" in Spanish, "Spanish" in English, "Spanisch" in German."""
    try:
        return Locale.parse(content_language(in_language)).languages.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code
