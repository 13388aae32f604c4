"""The standard question set every condition gets, and how to recognise its wording."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from conditions.text import fold


class QuestionKind(models.TextChoices):
    CAUSES = "causes", _("Causes")
    SYMPTOMS = "symptoms", _("Symptoms")
    FIRST_SYMPTOMS = "first_symptoms", _("First symptoms")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    TREATMENTS = "treatments", _("Treatments")
    NATURAL_TREATMENT = "natural_treatment", _("Natural treatment")
    LIFE_EXPECTANCY = "life_expectancy", _("Life expectancy")
    HEREDITARY = "hereditary", _("Hereditary")
    CONTAGIOUS = "contagious", _("Contagious")
    CURE = "cure", _("Cure")
    CELEBRITIES = "celebrities", _("Celebrities")
    BEST_DOCTORS = "best_doctors", _("Best doctors and hospitals")
    CUSTOM = "custom", _("Other (written by a curator)")


@dataclass(frozen=True)
class StandardQuestion:
    kind: QuestionKind
    slug: str
    wording: str  # English source text; {name} is the condition's name
    patterns: tuple[str, ...]  # other wordings the importer recognises (folded, no "?")

    def text_for(self, condition_name: str) -> str:
        return self.wording.format(name=condition_name)

    def matches(self, text: str, condition_name: str) -> bool:
        wanted = {fold(pattern.format(name=condition_name)) for pattern in (self.wording, *self.patterns)}
        return normalise_question(text) in {normalise_question(w) for w in wanted}


def normalise_question(text: str) -> str:
    return re.sub(r"[?¿.!]+", "", fold(text)).strip()


# Ordered as they appear on a condition page: the first ones are the default "Top questions".
STANDARD_QUESTIONS: tuple[StandardQuestion, ...] = (
    StandardQuestion(
        QuestionKind.LIFE_EXPECTANCY,
        "life-expectancy",
        "What is the life expectancy of someone with {name}?",
        ("What is the life expectancy of people with {name}", "Life expectancy of {name}"),
    ),
    StandardQuestion(
        QuestionKind.CELEBRITIES, "celebrities", "Celebrities with {name}", ("Famous people with {name}",)
    ),
    StandardQuestion(QuestionKind.HEREDITARY, "hereditary", "Is {name} hereditary?", ("Is {name} genetic",)),
    StandardQuestion(QuestionKind.CONTAGIOUS, "contagious", "Is {name} contagious?", ("Is {name} infectious",)),
    StandardQuestion(
        QuestionKind.NATURAL_TREATMENT,
        "natural-treatment",
        "Is there any natural treatment for {name}?",
        ("Is there a natural treatment for {name}", "Natural treatments for {name}"),
    ),
    StandardQuestion(
        QuestionKind.CAUSES,
        "causes",
        "Which are the causes of {name}?",
        ("What are the causes of {name}", "What causes {name}"),
    ),
    StandardQuestion(
        QuestionKind.SYMPTOMS,
        "symptoms",
        "Which are the symptoms of {name}?",
        ("What are the symptoms of {name}",),
    ),
    StandardQuestion(
        QuestionKind.FIRST_SYMPTOMS,
        "first-symptoms",
        "Which are the first symptoms of {name}?",
        ("What are the first symptoms of {name}",),
    ),
    StandardQuestion(
        QuestionKind.DIAGNOSIS,
        "diagnosis",
        "How is {name} diagnosed?",
        ("How do you diagnose {name}", "Diagnosis of {name}"),
    ),
    StandardQuestion(
        QuestionKind.TREATMENTS,
        "treatments",
        "Which are the best treatments for {name}?",
        ("What are the best treatments for {name}", "What are the treatments for {name}"),
    ),
    StandardQuestion(QuestionKind.CURE, "cure", "Is there a cure for {name}?", ("Can {name} be cured",)),
    StandardQuestion(
        QuestionKind.BEST_DOCTORS,
        "best-doctors",
        "Which are the best doctors/hospitals for {name}?",
        ("What are the best doctors/hospitals for {name}", "Which are the best doctors for {name}"),
    ),
)

TOP_QUESTION_COUNT = 5
CLOSED_KINDS = frozenset({QuestionKind.HEREDITARY, QuestionKind.CONTAGIOUS, QuestionKind.CURE})


def recognise(text: str, condition_name: str) -> StandardQuestion | None:
    """The standard question that `text` is a wording of, for this condition, if any."""
    for standard in STANDARD_QUESTIONS:
        if standard.matches(text, condition_name):
            return standard
    return None
