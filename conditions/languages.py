"""The content languages (conditions, questions, articles): English is the source every translation
falls back to; how conditions and questions keep their columns without a language suffix in English
whatever language is active (conditions/translation.py); and languages' names in CLDR's words."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language, get_supported_language_variant
from modeltranslation.utils import build_localized_fieldname

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE  # English: every condition, question and article has it
LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATIONS: tuple[str, ...] = tuple(code for code in LANGUAGES if code != SOURCE)


def content_language(code: str | None = None) -> str:
    """One of the site's languages: `code` (the active language when None), or its nearest variant
    ("es" for "es-mx"), else the source language."""
    try:
        return get_supported_language_variant(code or get_language() or SOURCE)
    except LookupError:
        return SOURCE


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of language `code` as written mid-sentence in `in_language` (the active one when None),
    from CLDR: "español" in Spanish, "Spanish" in English, "Spanisch" in German."""
    try:
        return Locale.parse(content_language(in_language)).languages.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code


def shown_in(instance: Model, field: str) -> str:
    """The language a translated field shows in: the page's, else English (until translated)."""
    language = content_language()
    return language if getattr(instance, localized(field, language), None) else SOURCE


def localized(field: str, language: str) -> str:
    """ "name", "es" -> "name_es"."""
    return build_localized_fieldname(field, language)


def columns(*fields: str) -> set[str]:
    """Every column of these translated fields: the English one without a suffix and one per language."""
    return {*fields, *(localized(field, language) for field in fields for language in LANGUAGES)}


def settle_source(instance: Model, fields: tuple[str, ...]) -> None:
    """Before saving: a value given while another language was active (`Condition(name=...)` in a
    Spanish admin) is the English one too when English has none, so that no row lacks English; and an
    empty translation is stored as empty (None where the column is unique), not as a blank string."""
    for field in fields:
        if not getattr(instance, localized(field, SOURCE)):
            setattr(instance, localized(field, SOURCE), instance.__dict__.get(field) or "")
        for language in TRANSLATIONS:
            column = localized(field, language)
            if getattr(instance, column) == "" and instance._meta.get_field(column).unique:
                setattr(instance, column, None)
