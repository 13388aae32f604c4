"""Pages' addresses in a language, as the site gives them (diseasemaps/languages.py)."""

from __future__ import annotations

from diseasemaps.languages import path_in


def at(language: str, path: str) -> str:
    """The page at `path` in `language`: "/es/conditions/x/"; English keeps the address."""
    return path_in(language, path)
