"""Content in the page's language: the language a translated field shows in, and a condition's
standard question worded in it, where a page heads a section with it."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from conditions.languages import SOURCE, content_language, localized, shown_in
from conditions.models import Condition

register = template.Library()


@dataclass(frozen=True)
class Wording:
    text: str
    language: str

    def __str__(self) -> str:
        return self.text


@register.filter
def shown_in_language(instance, field: str) -> str:
    """`question|shown_in_language:"text"`: "en" where the page's language has no translation."""
    return shown_in(instance, field)


@register.filter
def asks(condition: Condition, kind: str) -> Wording:
    """`condition|asks:"causes"`: "¿Cuáles son las causas de la enfermedad de Wilson?" on a Spanish
    page, from the condition's names (conditions/question_wording.py); in English where it has no
    name in the page's language, as its question is."""
    wordings, language = condition.standard_wordings(kind), content_language()
    if wordings[localized("text", language)]:
        return Wording(wordings[localized("text", language)], language)
    return Wording(wordings[localized("text", SOURCE)], SOURCE)
