"""The places of the big maps a process drew last, kept in its memory and brought up to date from
the cells that changed since, so that after a join the map's data reads a few rows rather than
every place with its name and position, and encodes again only the changed countries' columns
(issue 13, item 3).

A drawing at map version V holds every place's count as of V. It may also hold later changes:
counts are absolute, so reading them again does no harm. Each change to a map moves its version
and stamps the place cells it changes with that version, in one transaction that holds the
condition's row until it commits (community/models/map_counts.py). So once version V is seen, every
earlier version has committed, and the cells stamped after V are all that changed since.

A map counted afresh, or redrawn because the gazetteer changed, moves its base version
(Condition.map_base_version). A drawing older than that is read again whole, with the countries'
anchors, which only the gazetteer moves. A condition is known by its id and creation time, since
SQLite can give a deleted condition's id to a new one.

Each process keeps at most MAP_KEPT_MAPS drawings, the last drawn first, of maps with at least
MAP_KEPT_MIN_PLACES places: a small map is read whole in a few milliseconds. A drawing takes about
460 bytes a place, with what is worked out from it (README, "Places data after a join").
"""

from __future__ import annotations

import gc
import heapq
import threading
from collections import OrderedDict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice, starmap
from operator import attrgetter

from django.conf import settings
from django.db import connections

from community.maps.columns import Chunk, encoded, joined
from community.maps.figures import Audience, MapMarker, country_anchors, most_people_first, public_fold
from community.maps.suppression import country_places
from community.models import PlaceCount
from conditions.models import Condition

Anchor = tuple[float, float] | None  # None: the gazetteer has no place in that country

_drawings: OrderedDict[int, Drawing] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Drawing:
    """A map's places at a version, by country, and what is worked out from them once: each
    country's columns of the places data (community/maps/columns.py) and the countries' anchors."""

    condition: tuple[int, datetime]  # the condition's id and creation time
    version: int
    countries: dict[str, dict[int, MapMarker]]  # each country's places with people counted, by place id
    totals: dict[str, int]  # people by country
    anchors: dict[str, Anchor] = field(default_factory=dict)  # the countries' anchors read so far
    chunks: dict[tuple[Audience, str, int], Chunk] = field(default_factory=dict)  # by audience, country, min group
    seen: dict[tuple[Audience, str, int], tuple[list[MapMarker], int]] = field(default_factory=dict)  # same keys
    ranked: dict[tuple[Audience, str, int], list[MapMarker]] = field(default_factory=dict)  # same keys

    @classmethod
    def read(cls, condition: Condition) -> Drawing:
        empty = cls((condition.pk, condition.created_at), condition.map_version, {}, {})
        with collector_paused():  # tens of thousands of tuples, none of them in a cycle
            return empty.brought_to(condition.map_version, place_cells(condition))

    @property
    def size(self) -> int:
        """How many places have people counted."""
        return sum(map(len, self.countries.values()))

    def brought_to(self, version: int, changed: Iterable[MapMarker]) -> Drawing:
        """This drawing with the cells that changed since (an empty cell: nobody there any more).
        Only the countries with a changed cell are copied and worked out again."""
        countries, touched = dict(self.countries), set()
        for marker in changed:
            code = marker.country_code
            if code not in touched:
                touched.add(code)
                countries[code] = dict(countries.get(code, {}))
            if marker.count > 0:
                countries[code][marker.place_id] = marker
            else:
                countries[code].pop(marker.place_id, None)
        totals = dict(self.totals)
        for code in touched:
            totals[code] = sum(place.count for place in countries[code].values())
            if not totals[code]:
                del countries[code], totals[code]
        kept = [{key: value for key, value in worked.items() if key[1] not in touched} for worked in self.worked_out]
        return Drawing(self.condition, version, countries, totals, self.anchors, *kept)

    @property
    def worked_out(self) -> tuple[dict, ...]:
        """What is worked out once per country, audience and min group."""
        return self.chunks, self.seen, self.ranked

    def anchors_of(self, codes: Iterable[str]) -> dict[str, tuple[float, float]]:
        codes = list(codes)
        missing = [code for code in codes if code not in self.anchors]
        if missing:
            self.anchors.update(dict.fromkeys(missing) | country_anchors(missing))
        return {code: self.anchors[code] for code in codes if self.anchors[code] is not None}

    def seen_in(self, audience: Audience, code: str, min_group: int) -> tuple[list[MapMarker], int]:
        """A country's places as the audience sees them, by place id, and how many of its people
        the public sees as "Elsewhere in <country>" (suppression.country_places)."""
        key = (audience, code, min_group)
        if key not in self.seen:
            places_here = self.countries.get(code, {})
            places = [places_here[place_id] for place_id in sorted(places_here)]
            if audience == Audience.PUBLIC:
                shown, elsewhere = country_places(places, min_group)
                self.seen[key] = [MapMarker(*place[:6]) if place.listed else place for place in shown], elsewhere
            else:
                self.seen[key] = places, 0
        return self.seen[key]

    def chunk(self, audience: Audience, code: str, min_group: int) -> Chunk:
        """A country's columns as the audience sees them, encoded once for this country's places."""
        key = (audience, code, min_group)
        if key not in self.chunks:
            places, elsewhere = self.seen_in(audience, code, min_group)
            self.chunks[key] = encoded(places, audience, elsewhere)
        return self.chunks[key]

    def ranked_in(self, audience: Audience, code: str, min_group: int) -> list[MapMarker]:
        """A country's places as the audience sees them, most people first, sorted once."""
        key = (audience, code, min_group)
        if key not in self.ranked:
            self.ranked[key] = most_people_first(list(self.seen_in(audience, code, min_group)[0]))
        return self.ranked[key]

    def markers(self, audience: Audience, min_group: int, first: int | None = None) -> list[MapMarker]:
        """The markers the audience sees, most people first, as figures.fold orders them, or the
        `first` few of them: each country's places are sorted once, then merged."""
        if audience == Audience.MEMBERS:
            codes, folded = sorted(self.countries), []
        else:
            codes, folded = public_fold(
                self.totals, min_group, lambda code: self.seen_in(audience, code, min_group)[1], self.anchors_of
            )
        if first is None:
            places = [place for code in codes for place in self.seen_in(audience, code, min_group)[0]]
            if audience == Audience.MEMBERS:
                places.sort(key=attrgetter("place_id"))
            return most_people_first(places + folded)
        runs = [*(self.ranked_in(audience, code, min_group) for code in codes), most_people_first(folded)]
        order = most_people_then_id if audience == Audience.MEMBERS else most_people
        return list(islice(heapq.merge(*runs, key=order), first))

    def columns(self, audience: Audience, min_group: int) -> tuple[str, list[MapMarker]]:
        """The places data's columns (JSON) and the groups folded for the public (none for members)."""
        if audience == Audience.MEMBERS:
            return joined((self.chunk(audience, code, min_group) for code in sorted(self.countries)), audience), []
        codes, folded = public_fold(
            self.totals, min_group, lambda code: self.chunk(audience, code, min_group).elsewhere, self.anchors_of
        )
        return joined((self.chunk(audience, code, min_group) for code in codes), audience), folded


def markers_for(condition: Condition, audience: Audience) -> list[MapMarker]:
    """The markers an audience sees on a condition's map, most people first (figures.fold)."""
    return drawing_of(condition).markers(audience, settings.MAP_MIN_GROUP)


def first_markers(condition: Condition, audience: Audience, count: int) -> list[MapMarker]:
    """The `count` first of markers_for, without ordering the rest."""
    return drawing_of(condition).markers(audience, settings.MAP_MIN_GROUP, first=count)


def most_people(marker: MapMarker) -> tuple[int, str]:
    """fold's order. Equal counts and labels keep the order fold lists the public's markers in:
    by country, then by id, then the folded groups."""
    return -marker.count, marker.label


def most_people_then_id(marker: MapMarker) -> tuple[int, str, int]:
    """fold's order for members, who see every place: equal counts and labels by place id."""
    return -marker.count, marker.label, marker.place_id


def places_columns(condition: Condition, audience: Audience) -> tuple[str, list[MapMarker]]:
    """The columns of the map's places data and the public's folded groups (Drawing.columns)."""
    return drawing_of(condition).columns(audience, settings.MAP_MIN_GROUP)


def drawing_of(condition: Condition) -> Drawing:
    """The condition's places at its map version (or later): the kept drawing, brought up to date
    from the cells changed since, or read whole."""
    with _lock:
        last = _drawings.get(condition.pk)
    if (
        last is None
        or last.condition != (condition.pk, condition.created_at)
        or last.version < condition.map_base_version
    ):
        drawing = Drawing.read(condition)
    elif last.version < condition.map_version:
        drawing = last.brought_to(condition.map_version, place_cells(condition, changed_since=last.version))
    else:
        return last
    keep(drawing)
    return drawing


def place_cells(condition: Condition, changed_since: int | None = None) -> list[MapMarker]:
    """One query: a marker for each place with people on the map, as members see it; or, with
    `changed_since`, for each place whose count changed after that version, empty ones included.
    Read with the cursor: tens of thousands of rows are read a third faster than through the ORM."""
    cells = PlaceCount.objects.filter(condition=condition)
    cells = cells.filter(people__gt=0) if changed_since is None else cells.filter(version__gt=changed_since)
    rows = cells.order_by().values_list(
        "place__name", "place__country_code", "place__latitude", "place__longitude", "people", "place_id", "listed"
    )
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(starmap(MapMarker, cursor.fetchall()))


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector would otherwise run several full passes over every object
    of the process while a big map's places are read (tens of milliseconds at a million members)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep(drawing: Drawing) -> None:
    """Keep a big map's drawing, unless a later one of the same map is kept already."""
    if drawing.size < settings.MAP_KEPT_MIN_PLACES:
        return
    condition_id = drawing.condition[0]
    with _lock:
        last = _drawings.get(condition_id)
        if last is not None and last.condition == drawing.condition and last.version > drawing.version:
            return
        _drawings[condition_id] = drawing
        _drawings.move_to_end(condition_id)
        while len(_drawings) > settings.MAP_KEPT_MAPS:
            _drawings.popitem(last=False)


def kept_maps() -> list[int]:
    """The ids of the conditions whose drawings this process keeps, the last drawn last."""
    with _lock:
        return list(_drawings)


def forget_all() -> None:
    with _lock:
        _drawings.clear()
