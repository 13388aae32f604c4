"""The content languages of conditions and questions (conditions/translation.py), and how their
models keep the columns without a language suffix in English, whatever language is active."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model
from modeltranslation.utils import build_localized_fieldname

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE  # English: every condition and question has it
LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATIONS: tuple[str, ...] = tuple(code for code in LANGUAGES if code != SOURCE)


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
