"""What curators translate (django-modeltranslation): each field gets a column per language beside
the English one (name_es, name_fr...), on the same table. Reading `condition.name` gives the active
language's, or English's when it has none. The fields without a suffix always hold English: the
models' save() sees to it (conditions/languages.py).

`initial` is the letter a condition is filed under in each language's A–Z (made by save(), never
edited). `name_gender` is the grammatical gender of the name there, for the questions' wording."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from conditions.models import Condition, Question


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = ("name", "synonyms", "description", "name_gender", "initial")
    empty_values = {"name": None, "synonyms": "", "description": "", "name_gender": "", "initial": None}


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)
    empty_values = {"text": None}
