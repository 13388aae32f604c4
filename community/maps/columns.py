"""The compact columns of a map's places data (community/maps/render.py), encoded one country at a
time, so that a drawing brought up to date after a join encodes again only the joiner's country
(community/maps/kept.py).

Each column is a JSON array with one value a place, countries in code order and places by id within
each. Coordinates are in hundredths of a degree; they and the place ids are delta-coded (each value
is the difference from the one before), which makes small numbers that compress well. A country's
chunk keeps its delta-coded columns from its own first place: joining the chunks only works out the
first difference of each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import sub

from community.maps.figures import Audience, MapMarker

COMPACT_SCALE = 100  # compact coordinates are in hundredths of a degree (about 1 km)
DELTA_CODED = ("lat", "lon", "id")
COLUMNS = {
    Audience.PUBLIC: ("lat", "lon", "count", "name"),
    Audience.MEMBERS: ("lat", "lon", "count", "id", "listed"),
}


@dataclass(frozen=True)
class Chunk:
    """One country's places in the columns: each column's values as JSON without the brackets
    (the delta-coded ones after their first value), the first and last values of the delta-coded
    ones, and how many of the country's people the public sees as "Elsewhere in <country>"."""

    rest: dict[str, str]
    first: dict[str, int]
    last: dict[str, int]
    elsewhere: int = 0

    @property
    def empty(self) -> bool:
        return not self.first


def column_values(places: Sequence[MapMarker], name: str) -> list:
    """One column's values, a list comprehension each: a country can have thousands of places."""
    if name == "lat":
        return [round(place.latitude * COMPACT_SCALE) for place in places]
    if name == "lon":
        return [round(place.longitude * COMPACT_SCALE) for place in places]
    if name == "count":
        return [place.count for place in places]
    if name == "id":
        return [place.place_id for place in places]
    if name == "listed":
        return [place.listed for place in places]
    return [place.label for place in places]


def encoded(places: Sequence[MapMarker], audience: Audience, elsewhere: int = 0) -> Chunk:
    """The chunk of one country's places, in the order given."""
    rest, first, last = {}, {}, {}
    if not places:
        return Chunk(rest, first, last, elsewhere)
    for name in COLUMNS[audience]:
        values = column_values(places, name)
        if name in DELTA_CODED:
            first[name], last[name] = values[0], values[-1]
            rest[name] = ",".join(map(str, map(sub, values[1:], values[:-1])))
        elif name == "name":
            rest[name] = json.dumps(values, ensure_ascii=False)[1:-1]
        else:
            rest[name] = ",".join(map(str, values))
    return Chunk(rest, first, last, elsewhere)


def joined(chunks: Iterable[Chunk], audience: Audience) -> str:
    """The columns as one JSON object, from the chunks in order."""
    names = COLUMNS[audience]
    parts: dict[str, list[str]] = {name: [] for name in names}
    previous = dict.fromkeys(DELTA_CODED, 0)
    for chunk in chunks:
        if chunk.empty:
            continue
        for name in names:
            if name in DELTA_CODED:
                parts[name].append(str(chunk.first[name] - previous[name]))
                previous[name] = chunk.last[name]
            if chunk.rest[name]:
                parts[name].append(chunk.rest[name])
    return "{" + ",".join(f'"{name}":[{",".join(parts[name])}]' for name in names) + "}"
