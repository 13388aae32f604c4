"""Text helpers shared by search and the importer."""

from __future__ import annotations

import re
import unicodedata

SPACES = re.compile(r"\s+")


# Latin letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ŧ": "t",
        "ƀ": "b",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŋ": "n",
        "ɨ": "i",
    }
)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text, for searching and matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNDECOMPOSED))
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return SPACES.sub(" ", without_marks.casefold()).strip()


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines of a multi-line text field."""
    return [line.strip() for line in text.splitlines() if line.strip()]
