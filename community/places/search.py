"""Finding places: the autocomplete's prefix search, and the country-then-city lists without JavaScript."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from community.models import Place, PlaceName
from community.places.countries import by_name
from community.places.gazetteer import countries
from conditions.text import fold

MAX_QUERY_LENGTH = 100
RESULTS = 10
COUNTRIES_KEY = "places:countries"
COUNTRIES_SECONDS = 3600  # a place saved while the cache was down shows within the hour


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
    """Countries that have places, by their names in the reader's language."""
    codes = countries_with_places()
    return by_name(code for code in countries() if code in codes)


def countries_with_places() -> set[str]:
    """The codes of the countries that have places: a walk through every place, so it is cached
    until places are saved or deleted (load_places, the admin)."""
    codes = cache.get(COUNTRIES_KEY)
    if codes is None:
        codes = sorted(Place.objects.values_list("country_code", flat=True).distinct())
        cache.set(COUNTRIES_KEY, codes, COUNTRIES_SECONDS)
    return set(codes)


def forget_countries(**kwargs) -> None:
    cache.delete(COUNTRIES_KEY)


def country_options(selected: str) -> str:
    """The <option>s of the country list, `selected` chosen: rendered once per language and list of
    countries (240 options through the template language cost a profile page 4 ms)."""
    choices = tuple(country_choices())
    html = rendered_options(choices)
    chosen = format_html('<option value="{}">', selected)
    return mark_safe(html.replace(chosen, chosen[:-1] + " selected>", 1)) if selected else mark_safe(html)


@lru_cache(maxsize=16)
def rendered_options(choices: tuple[tuple[str, str], ...]) -> str:
    return format_html_join("", '<option value="{}">{}</option>', choices)


def places_in(country_code: str) -> QuerySet[Place]:
    return Place.objects.filter(country_code=country_code).order_by("name")


def places_listed_in(country_code: str) -> list[Place]:
    """The towns and cities of a country, for the list without JavaScript, told apart by region."""
    return tell_apart(list(places_in(country_code).only("pk", "name", "admin1", "country_code")))
