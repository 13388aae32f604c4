"""Text helpers shared by search and the importer."""

from __future__ import annotations

import re
import string
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


def initial_of(name: str) -> str:
    """The letter a name is filed under in the A–Z index: its first letter without accents ("É" is
    E, "Ł" is L), or "#" for a digit, a sign or a letter of another script."""
    letter = fold(name)[:1].upper()
    return letter if letter in string.ascii_uppercase else "#"


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines of a multi-line text field."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# A sentence ends at . ! ? or …, maybe followed by a closing quote or bracket, then a space and a
# capital, a digit or an opening quote: "e.g. infections" does not end one.
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9À-Ý])")


def first_sentences(text: str, max_words: int) -> str:
    """The whole sentences of `text` that fit in `max_words` words. If even the first one does not
    fit, its first `max_words` words and an ellipsis: never a cut inside a word."""
    text = SPACES.sub(" ", text).strip()
    words = text.split(" ")
    if len(words) <= max_words:
        return text
    kept: list[str] = []
    count = 0
    for sentence in SENTENCE_BREAK.sub(lambda match: match.group(1) + "\n", text).split("\n"):
        count += len(sentence.split())
        if count > max_words:
            break
        kept.append(sentence)
    return " ".join(kept) if kept else " ".join(words[:max_words]) + "…"
