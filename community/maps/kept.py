"""The places of the big maps a process drew last, kept in its memory and brought up to date from
the cells that changed since, so that after a join the map's data reads a few rows rather than
every place with its name and position (issue 13, item 3).

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
300 bytes a place (see README, "Memory").
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from community.maps.figures import Audience, MapMarker, country_anchors, fold
from community.models import PlaceCount
from conditions.models import Condition

Anchor = tuple[float, float] | None  # None: the gazetteer has no place in that country

_drawings: OrderedDict[int, Drawing] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Drawing:
    """A map's places at a version: each place with people counted, by place id."""

    condition: tuple[int, datetime]  # the condition's id and creation time
    version: int
    places: dict[int, MapMarker]
    anchors: dict[str, Anchor] = field(default_factory=dict)  # the countries' anchors read so far

    unlisted: dict[int, MapMarker] = field(default_factory=dict)  # the same places, nobody counted as listed

    @classmethod
    def read(cls, condition: Condition) -> Drawing:
        return cls((condition.pk, condition.created_at), condition.map_version, {}).brought_to(
            condition.map_version, place_cells(condition)
        )

    @functools.cached_property
    def markers(self) -> list[MapMarker]:
        """The places as members see them, by place id."""
        return [self.places[place_id] for place_id in sorted(self.places)]

    @functools.cached_property
    def unlisted_markers(self) -> list[MapMarker]:
        """The places as the public sees them (figures.fold), by place id."""
        return [self.unlisted[place_id] for place_id in sorted(self.unlisted)]

    def brought_to(self, version: int, changed: Iterable[MapMarker]) -> Drawing:
        """This drawing with the cells that changed since (an empty cell: nobody there any more)."""
        places, unlisted = dict(self.places), dict(self.unlisted)
        for marker in changed:
            if marker.count > 0:
                places[marker.place_id] = marker
                unlisted[marker.place_id] = MapMarker(*marker[:6]) if marker.listed else marker
            else:
                places.pop(marker.place_id, None)
                unlisted.pop(marker.place_id, None)
        return Drawing(self.condition, version, places, self.anchors, unlisted)

    def anchors_of(self, codes: Iterable[str]) -> dict[str, tuple[float, float]]:
        codes = list(codes)
        missing = [code for code in codes if code not in self.anchors]
        if missing:
            self.anchors.update(dict.fromkeys(missing) | country_anchors(missing))
        return {code: self.anchors[code] for code in codes if self.anchors[code] is not None}


def markers_for(condition: Condition, audience: Audience, ordered: bool = True) -> list[MapMarker]:
    """The markers an audience sees on a condition's map (figures.fold), from its drawing: most
    people first, or, unless `ordered`, the places by id, then the folded groups."""
    drawing = drawing_of(condition)
    places = drawing.markers if audience == Audience.MEMBERS else drawing.unlisted_markers
    return fold(places, audience, settings.MAP_MIN_GROUP, anchors=drawing.anchors_of, ordered=ordered)


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
    `changed_since`, for each place whose count changed after that version, empty ones included."""
    cells = PlaceCount.objects.filter(condition=condition)
    cells = cells.filter(people__gt=0) if changed_since is None else cells.filter(version__gt=changed_since)
    rows = cells.order_by().values_list(
        "place__name", "place__country_code", "place__latitude", "place__longitude", "people", "place_id", "listed"
    )
    return [MapMarker(*row) for row in rows]


def keep(drawing: Drawing) -> None:
    """Keep a big map's drawing, unless a later one of the same map is kept already."""
    if len(drawing.places) < settings.MAP_KEPT_MIN_PLACES:
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
