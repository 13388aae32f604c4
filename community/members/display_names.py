"""Display names that cannot pass for someone else.

A name is stored in Unicode NFKC form, without control, format or bidi characters (a zero-width
space or a right-to-left override could copy a name or hide what it says). Names that look alike
share a *skeleton* (after Unicode's confusables, UTS #39: Cyrillic "А" and Latin "A", "I" and "l",
"0" and "O"), and a new name may not share one with a `listed` member's name. Names that sound like
the site's staff are reserved."""

from __future__ import annotations

import re
import unicodedata

from confusable_homoglyphs.confusables import confusables_data
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}  # controls, format and bidi marks, unassigned
RESERVED_INSIDE = ["admin", "moderator", "curator", "diseasemaps"]  # refused anywhere in a name
RESERVED_WORDS = ["staff", "official", "support", "helpdesk", "webmaster", "root", "system"]  # refused as a word
MARKS = "\u200e\u200f"  # the confusables data wraps right-to-left characters in these


def normalise(name: str) -> str:
    """NFKC, single spaces; a ValidationError if the name holds a control or format character."""
    name = unicodedata.normalize("NFKC", name)
    if any(unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in name):
        raise ValidationError(_("A display name cannot hold invisible or text-direction characters."), code="invisible")
    return " ".join(name.split())


def prototype(char: str) -> str:
    """The character Unicode says `char` is confusable with, or `char` itself."""
    entry = confusables_data.get(char)
    if not entry or len(entry) != 1:
        return char  # unknown, or a prototype that others map to
    target = entry[0]["c"].strip(MARKS)
    back = confusables_data.get(target)
    if back and len(back) == 1 and back[0]["c"].strip(MARKS) == char:
        return min(char, target)  # two characters that only map to each other: pick one
    return target


def skeleton(name: str) -> str:
    """What a name looks like, ignoring case, spacing, punctuation and look-alike characters."""
    text = unicodedata.normalize("NFKC", name).upper()
    text = "".join(prototype(char) for char in text)
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(prototype(char) for char in text if char.isalnum())


def is_reserved(name: str) -> bool:
    shape = skeleton(name)
    words = {skeleton(word) for word in re.split(r"\W+", name) if word}
    inside = [*RESERVED_INSIDE, settings.SITE_NAME]
    return any(skeleton(word) in shape for word in inside) or bool(words & {skeleton(w) for w in RESERVED_WORDS})
