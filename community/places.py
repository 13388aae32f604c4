"""Finding places: the autocomplete's prefix search, and the country-then-city lists without JavaScript."""

from __future__ import annotations

from django.db.models import QuerySet

from community.gazetteer import countries
from community.models import Place, PlaceName
from conditions.text import fold

MAX_QUERY_LENGTH = 100
RESULTS = 10


def search_places(query: str, limit: int = RESULTS) -> list[Place]:
    """The most populous places with a name starting with `query`, ignoring case and accents."""
    key = fold(query[:MAX_QUERY_LENGTH])
    if not key:
        return []
    matching = PlaceName.objects.filter(key__startswith=key).values("place_id")
    return list(Place.objects.filter(pk__in=matching).order_by("-population", "name")[:limit])


def country_choices() -> list[tuple[str, str]]:
    """Countries that have places, by name."""
    codes = set(Place.objects.values_list("country_code", flat=True).distinct())
    return sorted(((code, name) for code, name in countries().items() if code in codes), key=lambda pair: pair[1])


def places_in(country_code: str) -> QuerySet[Place]:
    return Place.objects.filter(country_code=country_code).order_by("name")
