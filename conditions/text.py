"""Text helpers shared by search and the importer."""

from __future__ import annotations

import re
import unicodedata

SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text, for searching and matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return SPACES.sub(" ", without_marks.casefold()).strip()


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines of a multi-line text field."""
    return [line.strip() for line in text.splitlines() if line.strip()]
