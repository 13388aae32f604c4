"""The figures of a condition's map, for each audience (DESIGN.md, privacy model).

Cost follows places, not members. The figures are counted from memberships alone (each carries a
copy of its member's place, country, age and effective visibility; see Membership), in aggregate
queries on covering indexes:

- the summary (the total, by country, by role, by age at diagnosis): two GROUP BY queries, cached
  per content version of the condition, whose `updated_at` moves whenever who is counted may have
  changed (community/signals.py). It is the same for every audience: folding moves small groups
  into their country, so the countries' figures do not change;
- the places: one GROUP BY place query, from which each audience's markers are derived:
  - the public (anonymous visitors) sees places with at least MAP_MIN_GROUP members; smaller
    groups are folded into their country, shown as "elsewhere in <country>";
  - signed-in members see every place, and who is listed there (through the member-list endpoint).

Every view adds up: markers, countries and roles each sum to the same total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.gazetteer import country_name, iso_numeric
from community.models import Membership, Place, Role
from conditions.models import Condition

FIGURES_SECONDS = 24 * 3600
AGE_BANDS = (
    (0, 1, gettext_noop("under 1")),
    (1, 10, "1–9"),
    (10, 20, "10–19"),
    (20, 40, "20–39"),
    (40, 60, "40–59"),
    (60, 200, "60+"),
)


class Audience(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"


def audience_of(user) -> Audience:
    return Audience.MEMBERS if user.is_authenticated else Audience.PUBLIC


@dataclass(frozen=True)
class Tally:
    """How many people are counted, by country and role and by age: numbers only, no words, so
    that one cached tally serves every language."""

    by_country_and_role: dict[tuple[str, str], int]
    by_age: dict[int, int]


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int

    @property
    def iso_numeric(self) -> str:
        return iso_numeric(self.code)


@dataclass(frozen=True)
class MapSummary:
    total: int
    countries: list[CountryCount]  # most people first
    roles: list[tuple[str, str, int]]  # (role, label, count), every role, in the order of Role
    ages: list[tuple[str, int]]  # (band, count), empty unless enough members gave their age
    min_group: int


class MapMarker(NamedTuple):
    """A marker: a place, or (for the public) the small groups of a country folded together.
    A tuple rather than a dataclass: there is one per place, tens of thousands on a big map."""

    label: str
    country_code: str
    latitude: float
    longitude: float
    count: int
    place_id: int | None = None  # None for a folded marker
    listed: int = 0  # how many of them signed-in members can see by name; 0 for the public

    @property
    def key(self) -> str:
        return f"country-{self.country_code}" if self.place_id is None else f"place-{self.place_id}"


def tally(condition: Condition) -> Tally:
    key = f"map-tally:{condition.pk}:{condition.updated_at.timestamp()}"
    counted = cache.get(key)
    if counted is None:
        counted = count_members(condition)
        cache.set(key, counted, FIGURES_SECONDS)
    return counted


def count_members(condition: Condition) -> Tally:
    """Two aggregate queries, whatever the number of members: by country and role, and by age."""
    counted = Membership.objects.counted().filter(condition=condition).order_by()
    by_country_and_role = counted.values_list("country_code", "role").annotate(count=Count("id"))
    by_age = counted.filter(age_at_diagnosis__isnull=False).values_list("age_at_diagnosis").annotate(count=Count("id"))
    return Tally({(code, role): count for code, role, count in by_country_and_role}, dict(by_age))


def summary_for(condition: Condition) -> MapSummary:
    return summarise(tally(condition), settings.MAP_MIN_GROUP)


def summarise(counted: Tally, min_group: int) -> MapSummary:
    by_country: dict[str, int] = defaultdict(int)
    by_role: dict[str, int] = defaultdict(int)
    for (code, role), count in counted.by_country_and_role.items():
        by_country[code] += count
        by_role[role] += count
    countries = sorted(
        (CountryCount(code, country_name(code), count) for code, count in by_country.items()),
        key=lambda country: (-country.count, country.name),
    )
    return MapSummary(
        total=sum(by_country.values()),
        countries=countries,
        roles=[(role.value, str(role.label), by_role.get(role.value, 0)) for role in Role],
        ages=age_bands(counted.by_age, min_group),
        min_group=min_group,
    )


def place_counts(condition: Condition) -> list[MapMarker]:
    """One aggregate query: a marker for each place with people counted, as members see it."""
    return list(map(MapMarker._make, Membership.objects.counted_by_place(condition)))


def markers_for(condition: Condition, audience: Audience) -> list[MapMarker]:
    return fold(place_counts(condition), audience, settings.MAP_MIN_GROUP)


def fold(places: list[MapMarker], audience: Audience, min_group: int) -> list[MapMarker]:
    """The markers an audience sees: every place for members; for the public, places with fewer
    than `min_group` people are folded together into one marker per country, and nobody is
    counted as listed. Most people first."""
    if audience == Audience.MEMBERS:
        return most_people_first(list(places))
    markers: list[MapMarker] = []
    folded: dict[str, int] = defaultdict(int)
    for label, country_code, latitude, longitude, count, place_id, _listed in places:
        if count < min_group:
            folded[country_code] += count
        else:
            markers.append(MapMarker(label, country_code, latitude, longitude, count, place_id))
    anchors = country_anchors(folded) if folded else {}
    markers.extend(country_marker(code, count, anchors.get(code, (0.0, 0.0))) for code, count in folded.items())
    return most_people_first(markers)


def most_people_first(markers: list[MapMarker]) -> list[MapMarker]:
    markers.sort(key=attrgetter("label"))
    markers.sort(key=attrgetter("count"), reverse=True)  # stable: equal counts stay in label order
    return markers


def country_marker(code: str, count: int, anchor: tuple[float, float]) -> MapMarker:
    """Small groups of one country together, drawn at the country's largest city: a point that
    depends on no member, so that the marker never points at the town of a lone member."""
    return MapMarker(
        label=_("Elsewhere in %(country)s") % {"country": country_name(code)},
        country_code=code,
        latitude=anchor[0],
        longitude=anchor[1],
        count=count,
    )


def country_anchors(codes) -> dict[str, tuple[float, float]]:
    """The position of the most populous gazetteer place of each of these countries: one query,
    read afresh with the markers, so a reloaded gazetteer moves them (load_places touches maps)."""
    largest = Window(RowNumber(), partition_by=[F("country_code")], order_by=[F("population").desc(), F("pk")])
    rows = (
        Place.objects.filter(country_code__in=list(codes))
        .annotate(rank=largest)
        .filter(rank=1)
        .values_list("country_code", "latitude", "longitude")
    )
    return {code: (latitude, longitude) for code, latitude, longitude in rows}


def age_bands(ages: dict[int, int], min_group: int) -> list[tuple[str, int]]:
    """Members by age at diagnosis, in bands; shown only when enough members gave it."""
    bands = [(_(label), sum(n for age, n in ages.items() if low <= age < high)) for low, high, label in AGE_BANDS]
    return bands if sum(n for _, n in bands) >= max(10, min_group) else []
