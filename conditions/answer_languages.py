"""The language a member's answer is written in: one of the site's languages, or another one.

A member chooses it, or leaves it at what the form proposes; then a long enough text is recognised
with langdetect among the site's languages only. A short or ambiguous text keeps what was proposed:
a wrong label is worse than the page's own language.
"""

from __future__ import annotations

import os
import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from conditions.languages import LANGUAGES

OTHER_LANGUAGE = "other"
ANSWER_LANGUAGES = [*settings.LANGUAGES, (OTHER_LANGUAGE, _("Another language"))]

# Below this many letters langdetect guesses: "ok gracias" comes out as Polish among all its languages.
MIN_LETTERS_TO_DETECT = 40
# How sure langdetect must be; Dutch, restricted to the site's languages, splits ~0.6/0.4 and is left alone.
MIN_PROBABILITY = 0.95
MAX_CHARACTERS_READ = 2_000  # enough to tell; keeps each detection under a few milliseconds

DetectorFactory.seed = 0  # langdetect draws at random: the same text always gets the same language

IN_LANGUAGE = {
    "en": _("In English"),
    "es": _("In Spanish"),
    "ca": _("In Catalan"),
    "fr": _("In French"),
    "it": _("In Italian"),
    "pt": _("In Portuguese"),
    "de": _("In German"),
    OTHER_LANGUAGE: _("In another language"),
}

LETTER = re.compile(r"[^\W\d_]")


def in_language(code: str) -> str:
    """ "In Spanish", in the page's language."""
    if code in IN_LANGUAGE:
        return str(IN_LANGUAGE[code])
    return str(translation.get_language_info(code)["name_translated"])


def html_lang(code: str) -> str:
    """The value of an answer's `lang` attribute: empty, which HTML reads as unknown, for another language."""
    return "" if code == OTHER_LANGUAGE else code


@cache
def detector_factory() -> DetectorFactory:
    """langdetect's profiles of the site's languages only (loaded once, in a few milliseconds)."""
    factory = DetectorFactory()
    profiles = []
    for code in LANGUAGES:
        path = os.path.join(PROFILES_DIRECTORY, code)
        if os.path.exists(path):  # a language langdetect does not know is never detected, only chosen
            with open(path, encoding="utf-8") as profile:
                profiles.append(profile.read())
    factory.load_json_profile(profiles)
    factory.seed = 0
    return factory


def detect_language(text: str) -> str | None:
    """The site's language `text` is clearly written in, or None when it is short or ambiguous."""
    text = text[:MAX_CHARACTERS_READ]
    if len(LETTER.findall(text)) < MIN_LETTERS_TO_DETECT:
        return None
    detector = detector_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang if best.prob >= MIN_PROBABILITY else None
