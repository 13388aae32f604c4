"""What the standard questions need to know of a condition's name in each language: its grammatical
gender, guessed from its head noun when a curator has not set it, and the name with its article
("la enfermedad de Wilson", "del síndrome de Marfan", "dell'epatite autoimmune").

Romance names start with their head noun ("enfermedad de Wilson", "sindrome di Marfan"), whose
gender is the name's: a word list first, then the noun's ending. The same noun's gender differs from
one language to the next: "síndrome" is masculine in Spanish and feminine in Catalan and Portuguese,
"sindrome" feminine in Italian, "syndrome" masculine in French. German questions use the name
without an article ("Ist Morbus Wilson erblich?"), as German patient sites do, so need no gender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from conditions.text import fold


class Gender(models.TextChoices):
    MASCULINE = "m", _("masculine")
    FEMININE = "f", _("feminine")


F, M = Gender.FEMININE.value, Gender.MASCULINE.value

# Head nouns (folded: lower case, no accents) whose gender their ending does not tell.
NOUNS: dict[str, dict[str, str]] = {
    "es": {
        "sindrome": M,
        "mal": M,
        "morbo": M,
        "trastorno": M,
        "deficit": M,
        "cancer": M,
        "lupus": M,
        "tumor": M,
        "asma": F,
        "diabetes": F,
        "sordera": F,
        "piel": F,
        "hepatitis": F,
    },
    "ca": {
        "sindrome": F,
        "mal": M,
        "trastorn": M,
        "deficit": M,
        "cancer": M,
        "lupus": M,
        "tumor": M,
        "asma": F,
        "diabetis": F,
        "sordesa": F,
        "pell": F,
        "hepatitis": F,
    },
    "fr": {
        "syndrome": M,
        "trouble": M,
        "deficit": M,
        "cancer": M,
        "lupus": M,
        "mal": M,
        "diabete": M,
        "maladie": F,
        "surdite": F,
        "mucoviscidose": F,
        "peau": F,
    },
    "it": {
        "sindrome": F,
        "morbo": M,
        "disturbo": M,
        "deficit": M,
        "cancro": M,
        "lupus": M,
        "tumore": M,
        "diabete": M,
        "malattia": F,
        "sordita": F,
        "pelle": F,
    },
    "pt": {
        "sindrome": F,
        "mal": M,
        "disturbio": M,
        "transtorno": M,
        "deficit": M,
        "defice": M,
        "cancer": M,
        "cancro": M,
        "lupus": M,
        "tumor": M,
        "diabetes": M,
        "doenca": F,
        "surdez": F,
        "pele": F,
    },
}
# Endings of head nouns, longest first within a language; the first that fits gives the gender.
ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (
        ("ismo", M),
        ("oma", M),
        ("osis", F),
        ("itis", F),
        ("dad", F),
        ("cion", F),
        ("sion", F),
        ("ia", F),
        ("a", F),
    ),
    "ca": (("isme", M), ("oma", M), ("osi", F), ("itis", F), ("tat", F), ("cio", F), ("sio", F), ("ia", F), ("a", F)),
    "fr": (("isme", M), ("ome", M), ("eme", M), ("ose", F), ("ite", F), ("ie", F), ("ion", F), ("ure", F)),
    "it": (("ismo", M), ("oma", M), ("osi", F), ("ite", F), ("ia", F), ("ione", F), ("ta", F), ("a", F)),
    "pt": (("ismo", M), ("oma", M), ("ose", F), ("ite", F), ("ia", F), ("cao", F), ("dade", F), ("a", F)),
}
GENDERED = frozenset(NOUNS)
FIRST_WORD = re.compile(r"[^\W\d_]+")


def head_noun(name: str) -> str:
    """The name's first word, folded: "Síndrome de Marfan" -> "sindrome"."""
    match = FIRST_WORD.search(fold(name))
    return match.group(0) if match else ""


def is_common_noun(name: str, language: str) -> bool:
    """Whether the name starts with a common noun ("enfermedad", "fibrosis"), written in lower case
    inside a sentence, rather than a proper name or an abbreviation ("Wilson", "ELA")."""
    first = name.split(" ", 1)[0]
    if not first[:1].isupper() or not first[1:].islower():
        return False
    noun = head_noun(name)
    return noun in NOUNS.get(language, {}) or any(noun.endswith(end) for end, _g in ENDINGS.get(language, ()))


def guess_gender(name: str, language: str) -> str:
    """The gender of the name's head noun in `language` (Gender's value), or "" where questions in
    that language do not need one (English, German) or there is no name."""
    if language not in GENDERED or not name.strip():
        return ""
    noun = head_noun(name)
    if noun in NOUNS[language]:
        return NOUNS[language][noun]
    return next((gender for end, gender in ENDINGS[language] if noun.endswith(end)), M)


VOWEL_OR_H = re.compile(r"^[aeiouh]")


@dataclass(frozen=True)
class NameForms:
    """A name as the questions' templates place it: bare, with its article (`the`), capitalised at
    the start of a sentence (`The`), and after "of" and "for" with their contractions."""

    name: str
    the: str
    of_the: str
    for_the: str

    def placeholders(self) -> dict[str, str]:
        return {
            "name": self.name,
            "the": self.the,
            "The": self.the[:1].upper() + self.the[1:],
            "of_the": self.of_the,
            "for_the": self.for_the,
        }


def name_forms(name: str, language: str, gender: str) -> NameForms:
    """The forms of `name` in `language` for a name of `gender` (German and English: the bare name)."""
    if language in GENDERED and is_common_noun(name, language):
        name = name[:1].lower() + name[1:]
    start = fold(name)[:1]
    vowel = bool(VOWEL_OR_H.match(fold(name)))
    feminine = gender == F
    if language == "es":
        the = f"la {name}" if feminine else f"el {name}"
        return NameForms(name, the, f"de {the}" if feminine else f"del {name}", f"para {the}")
    if language == "pt":
        the = f"a {name}" if feminine else f"o {name}"
        return NameForms(name, the, f"da {name}" if feminine else f"do {name}", f"para {the}")
    if language == "fr":
        if vowel:
            return NameForms(name, f"l'{name}", f"de l'{name}", f"pour l'{name}")
        the = f"la {name}" if feminine else f"le {name}"
        return NameForms(name, the, f"de la {name}" if feminine else f"du {name}", f"pour {the}")
    if language == "ca":
        # "la" is not elided before an unstressed i or u ("la infecció"); most such names start so.
        elided = vowel and not (feminine and re.match(r"^h?[iu]", fold(name)))
        if elided:
            return NameForms(name, f"l'{name}", f"de l'{name}", f"per a l'{name}")
        if feminine:
            return NameForms(name, f"la {name}", f"de la {name}", f"per a la {name}")
        return NameForms(name, f"el {name}", f"del {name}", f"per al {name}")
    if language == "it":
        if vowel and start != "h":
            return NameForms(name, f"l'{name}", f"dell'{name}", f"per l'{name}")
        if feminine:
            return NameForms(name, f"la {name}", f"della {name}", f"per la {name}")
        if re.match(r"^(s[^aeiou]|z|gn|ps|pn|x|y)", fold(name)):
            return NameForms(name, f"lo {name}", f"dello {name}", f"per lo {name}")
        return NameForms(name, f"il {name}", f"del {name}", f"per il {name}")
    return NameForms(name, name, name, name)
