"""Countries' names in the reader's language: CLDR's territory names, through Babel ("Alemania" on a
Spanish page, "Spanien" on a German one). A code CLDR does not name (GeoNames' "AN", Netherlands
Antilles) keeps the gazetteer's English name; an unknown code shows as itself. Places' own names
(cities, regions) are never translated: they keep their local form.

One dictionary per language, built once per process from Babel's data: naming a country is a
lookup, with no query, whatever the number of rows shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language, to_locale

from community.places.gazetteer import countries
from conditions.text import fold


@cache
def names_in(language: str) -> dict[str, str]:
    """Every country of the gazetteer (and any other CLDR territory with a two-letter code), by
    code, named in `language`."""
    try:
        territories = Locale.parse(to_locale(language)).territories
    except (ValueError, UnknownLocaleError):
        territories = {}
    cldr = {code: name for code, name in territories.items() if len(code) == 2 and code.isalpha()}
    return {**cldr, **{code: cldr.get(code) or english for code, english in countries().items()}}


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (by default the active one)."""
    return names_in(language or get_language() or settings.LANGUAGE_CODE).get(code) or code


def name_order(name: str) -> str:
    """The key that sorts country names as a reader expects: "Åland" with A, "Österreich" with O."""
    return fold(name)


def by_name(codes: Iterable[str], language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of these countries, sorted by their names in `language`."""
    named = ((code, country_name(code, language)) for code in codes)
    return sorted(named, key=lambda pair: (name_order(pair[1]), pair[0]))


def names_match(code: str, wanted: str) -> bool:
    """Whether `wanted` (folded) begins the country's name in the reader's language, in English, or
    is its code: "Valencia, España" and "Valencia, Spain" both find Valencia."""
    names = (country_name(code), country_name(code, "en"), countries().get(code, ""))
    return code.lower() == wanted or any(fold(name).startswith(wanted) for name in names if name)
