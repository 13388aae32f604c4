"""Small-cell suppression: no figure that visitors who are not signed in see counts fewer than
MAP_MIN_GROUP people (docs/design.md, privacy model), at any level, and none can be worked out by
subtraction from the others.

- A place with fewer people is folded into "Elsewhere in <country>", a country with fewer into
  "Elsewhere in <continent>", a continent with fewer into "Elsewhere in the world" (no marker).
  A country shown is the sum of its markers; continents' totals are not shown.
- Roles with fewer are counted together; age bands with fewer are merged with a neighbour.
- When the pool of small cells is itself too small, the smallest cells shown join it
  (complementary suppression): otherwise "Spain 10" and "Valencia 9" would give away the lone
  member elsewhere in Spain.

The total is always shown; below MAP_MIN_GROUP it is the only figure (every breakdown of it is then
"Elsewhere in the world", or none at all). Everything still adds up to the total.
Pure functions over counts: their cost follows places, never members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from community.places.gazetteer import continent_of

Key = TypeVar("Key", bound=Hashable)


def suppress(cells: Mapping[Key, int], min_group: int, pooled: int = 0) -> tuple[dict[Key, int], int]:
    """The cells shown (each at least `min_group`) and the pool of all the others, which is either
    empty or at least `min_group` too, unless all the cells together are fewer. `pooled` starts the
    pool with people who are in it whatever happens. Empty cells are left out."""
    shown = {key: count for key, count in cells.items() if count >= min_group}
    pooled += sum(count for count in cells.values() if 0 < count < min_group)
    for key in sorted(shown, key=lambda key: (shown[key], str(key))):  # smallest first, always the same
        if pooled == 0 or pooled >= min_group:
            break
        pooled += shown.pop(key)
    return shown, pooled


@dataclass(frozen=True)
class PublicAreas:
    """Where the public sees people: countries, continents' remainders and the world's."""

    countries: dict[str, int]  # countries shown, each with its own row and shade
    continents: dict[str, int]  # "Elsewhere in <continent>": a row, and a marker at a fixed anchor
    world: int  # "Elsewhere in the world": a row, no marker


def public_areas(by_country: Mapping[str, int], min_group: int) -> PublicAreas:
    """Countries with fewer than `min_group` people go to their continent's remainder, which takes
    in its smallest country if it is still too small; a continent with fewer in all goes to the
    world's remainder, which takes in the smallest rows shown if it is too small. Continents'
    totals are never shown, so any row may join the world's."""
    by_continent: dict[str, dict[str, int]] = defaultdict(dict)
    for code, count in by_country.items():
        if count:
            by_continent[continent_of(code)][code] = count
    world = sum(by_continent.pop("", {}).values())  # countries no continent is known for
    countries: dict[str, int] = {}
    continents: dict[str, int] = {}
    for continent, counts in by_continent.items():
        if sum(counts.values()) < min_group:
            world += sum(counts.values())
            continue
        shown, rest = suppress(counts, min_group)
        countries.update(shown)
        if rest:
            continents[continent] = rest
    if 0 < world < min_group:
        rows = {("country", code): count for code, count in countries.items()}
        rows |= {("continent", code): count for code, count in continents.items()}
        shown_rows, world = suppress(rows, min_group, pooled=world)
        countries = {code: count for (kind, code), count in shown_rows.items() if kind == "country"}
        continents = {code: count for (kind, code), count in shown_rows.items() if kind == "continent"}
    return PublicAreas(countries, continents, world)


Place = TypeVar("Place")  # anything with a `count`


def country_places(places: Iterable[Place], min_group: int) -> tuple[list[Place], int]:
    """The places of one country shown to the public, in the order given (each with at least
    `min_group` people), and how many of the country's people are "elsewhere" in it: none, or at
    least `min_group`. One pass over the places: a country can have thousands."""
    shown: list[Place] = []
    elsewhere = 0
    for place in places:
        if place.count < min_group:
            elsewhere += place.count
        else:
            shown.append(place)
    while 0 < elsewhere < min_group and shown:  # the smallest place joins: nothing to subtract
        smallest = min(range(len(shown)), key=lambda index: (shown[index].count, index))
        elsewhere += shown.pop(smallest).count
    return shown, elsewhere


def merged_bands(bands: list[tuple[int, int, int]], min_group: int) -> list[tuple[int, int, int]]:
    """(low, high, count) bands in order, each band with fewer than `min_group` people merged with
    its smaller neighbour until none is left (empty bands stay as they are)."""
    bands = list(bands)
    while len(bands) > 1:
        small = [index for index, (_low, _high, count) in enumerate(bands) if 0 < count < min_group]
        if not small:
            break
        index = min(small, key=lambda index: (bands[index][2], index))
        neighbours = [other for other in (index - 1, index + 1) if 0 <= other < len(bands)]
        other = min(neighbours, key=lambda other: (bands[other][2], other))
        first, second = sorted((index, other))
        bands[first : second + 1] = [(bands[first][0], bands[second][1], bands[first][2] + bands[second][2])]
    return bands
