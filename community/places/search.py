"""Finding places: the autocomplete's prefix search, and the country-then-city lists without JavaScript."""

from __future__ import annotations

from collections import Counter

from django.db.models import Exists, OuterRef, QuerySet

from community.models import Place, PlaceName
from community.places.gazetteer import countries
from conditions.text import fold

MAX_QUERY_LENGTH = 100
RESULTS = 10


def search_places(query: str, limit: int = RESULTS) -> list[Place]:
    """Places with a name starting with `query`, ignoring case and accents: those named exactly
    `query` first, then the best known (named in the most languages), then the most populous. One query."""
    key = fold(query[:MAX_QUERY_LENGTH])
    if not key:
        return []
    names = PlaceName.objects.filter(key__startswith=key)
    bounds = prefix_range(key)
    if bounds:  # lets the database walk its index on `key` instead of scanning every name
        names = names.filter(key__gte=bounds[0], key__lt=bounds[1])
    exact = PlaceName.objects.filter(place=OuterRef("pk"), key=key)  # one lookup in the (key, place) index
    places = (
        Place.objects.filter(pk__in=names.values("place_id"))
        .annotate(exact=Exists(exact))
        .order_by("-exact", "-known_names", "-population", "name")
    )
    return tell_apart(list(places[:limit]))


def tell_apart(places: list[Place]) -> list[Place]:
    """Mark the places that share their name with another of the same country in `places`, so that
    their labels name the region too."""
    shared = Counter((place.country_code, fold(place.name)) for place in places)
    for place in places:
        place.named_alike = shared[place.country_code, fold(place.name)] > 1
    return places


def prefix_range(key: str) -> tuple[str, str] | None:
    """[low, high) holding every text that starts with `key`. Both bounds end with a letter or
    digit, so that the range also holds under collations that ignore spaces and punctuation."""
    stem = key
    while stem and not stem[-1].isalnum():
        stem = stem[:-1]
    if not stem:
        return None
    return stem, stem[:-1] + chr(ord(stem[-1]) + 1)


def country_choices() -> list[tuple[str, str]]:
    """Countries that have places, by name."""
    codes = set(Place.objects.values_list("country_code", flat=True).distinct())
    return sorted(((code, name) for code, name in countries().items() if code in codes), key=lambda pair: pair[1])


def places_in(country_code: str) -> QuerySet[Place]:
    return Place.objects.filter(country_code=country_code).order_by("name")


def places_listed_in(country_code: str) -> list[Place]:
    """The towns and cities of a country, for the list without JavaScript, told apart by region."""
    return tell_apart(list(places_in(country_code).only("pk", "name", "admin1", "country_code")))
