"""The figures of a condition's map, for each audience (docs/design.md, privacy model).

Cost follows places, not members. The figures are read from the counts kept as memberships change
(community/models/map_counts.py), never by counting members:

- the tally (by country and role, by age at diagnosis): the rows of RoleCount and AgeCount, cached
  per version of its map (`Condition.map_version`), which moves whenever who is counted may have
  changed (community/signals.py). Each audience's summary is worked out from it;
- the places: the rows of PlaceCount joined to their places (kept in each process's memory and
  brought up to date from the cells that changed: community/maps/kept.py), from which each
  audience's markers are derived (`fold`).

Signed-in members see every place, every country and every role, and who is listed at a place
(through the member-list endpoint). The public (anonymous visitors) sees no figure below
MAP_MIN_GROUP (community/maps/suppression.py): small places fold into their country, small countries
into their continent, small continents into "Elsewhere in the world", small roles and age bands
together.

Every view adds up: markers (with "Elsewhere in the world", which has none), table rows and roles
each sum to the same total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.maps.caching import MAP_VERSION_SECONDS, cache_get, versioned_key
from community.maps.suppression import country_places, merged_bands, public_areas, suppress
from community.models import AgeCount, Place, Role, RoleCount
from community.places.countries import country_name, name_order
from community.places.gazetteer import continent_anchors, iso_numeric
from conditions.models import Condition

AGE_BANDS = ((0, 1), (1, 10), (10, 20), (20, 40), (40, 60), (60, 200))
OLDEST = 200
POOLED_ROLES = "other"  # the public's roles with too few people, counted together
CONTINENTS = {
    "AF": gettext_noop("Africa"),
    "AN": gettext_noop("Antarctica"),
    "AS": gettext_noop("Asia"),
    "EU": gettext_noop("Europe"),
    "NA": gettext_noop("North America"),
    "OC": gettext_noop("Oceania"),
    "SA": gettext_noop("South America"),
}


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
    rank = 0  # in the table sorted by name: countries, then continents' remainders, then the world's

    @property
    def iso_numeric(self) -> str:
        return iso_numeric(self.code)


@dataclass(frozen=True)
class ElsewhereCount:
    """The public's "Elsewhere in Europe" (continent "EU") or "Elsewhere in the world" (continent "")."""

    continent: str
    name: str
    count: int

    @property
    def rank(self) -> int:
        return 1 if self.continent else 2


@dataclass(frozen=True)
class MapSummary:
    total: int
    countries: list[CountryCount]  # countries shown (and shaded), most people first
    roles: list[tuple[str, str, int]]  # (role, label, count): every role for members; see public_roles
    ages: list[tuple[str, int]]  # (band, count), empty unless enough members gave their age
    min_group: int
    elsewhere: list[ElsewhereCount] = field(default_factory=list)  # the public's pooled areas

    @property
    def rows(self) -> list[CountryCount | ElsewhereCount]:
        """The table by country: it adds up to the total."""
        return [*self.countries, *self.elsewhere]


class MapMarker(NamedTuple):
    """A marker: a place, or (for the public) the small groups of a country or a continent
    folded together. A tuple rather than a dataclass: there is one per place, tens of thousands
    on a big map."""

    label: str
    country_code: str  # "" for a continent's marker
    latitude: float
    longitude: float
    count: int
    place_id: int | None = None  # None for a folded marker
    listed: int = 0  # how many of them signed-in members can see by name; 0 for the public
    continent: str = ""  # for a continent's marker only

    @property
    def key(self) -> str:
        if self.place_id is not None:
            return f"place-{self.place_id}"
        return f"continent-{self.continent}" if self.continent else f"country-{self.country_code}"


def tally(condition: Condition) -> Tally:
    key = versioned_key("tally", condition.pk, condition.map_version)
    counted = cache_get(key)
    if counted is None:
        counted = count_members(condition)
        cache.set(key, counted, MAP_VERSION_SECONDS)
    return counted


def count_members(condition: Condition) -> Tally:
    """Two small queries, whatever the number of members: the kept counts by country and role, and by age."""
    by_country_and_role = RoleCount.objects.filter(condition=condition, people__gt=0).order_by()
    by_age = AgeCount.objects.filter(condition=condition, people__gt=0).order_by()
    return Tally(
        {
            (code, role): count
            for code, role, count in by_country_and_role.values_list("country_code", "role", "people")
        },
        dict(by_age.values_list("age_at_diagnosis", "people")),
    )


def summary_for(condition: Condition, audience: Audience = Audience.PUBLIC) -> MapSummary:
    return summarise(tally(condition), settings.MAP_MIN_GROUP, audience)


def summarise(counted: Tally, min_group: int, audience: Audience) -> MapSummary:
    by_country: dict[str, int] = defaultdict(int)
    by_role: dict[str, int] = defaultdict(int)
    for (code, role), count in counted.by_country_and_role.items():
        by_country[code] += count
        by_role[role] += count
    total = sum(by_country.values())
    if audience == Audience.PUBLIC:
        return public_summary(total, by_country, by_role, counted.by_age, min_group)
    return MapSummary(
        total=total,
        countries=country_counts(by_country),
        roles=[(role.value, str(role.label), by_role.get(role.value, 0)) for role in Role],
        ages=age_bands(AGE_BANDS, counted.by_age, min_group),
        min_group=min_group,
    )


def public_summary(total: int, by_country, by_role, by_age, min_group: int) -> MapSummary:
    areas = public_areas(by_country, min_group)
    elsewhere = [
        ElsewhereCount(continent, continent_label(continent), count)
        for continent, count in sorted(areas.continents.items(), key=lambda item: (-item[1], item[0]))
    ]
    if areas.world:
        elsewhere.append(ElsewhereCount("", _("Elsewhere in the world"), areas.world))
    return MapSummary(
        total=total,
        countries=country_counts(areas.countries),
        roles=public_roles(total, by_role, min_group),
        ages=public_ages(by_age, min_group),
        min_group=min_group,
        elsewhere=elsewhere,
    )


def country_counts(by_country) -> list[CountryCount]:
    countries = (CountryCount(code, country_name(code), count) for code, count in by_country.items() if count)
    return sorted(countries, key=lambda country: (-country.count, name_order(country.name)))


def continent_label(continent: str) -> str:
    return _("Elsewhere in %(continent)s") % {"continent": _(CONTINENTS.get(continent, continent))}


def public_roles(total: int, by_role, min_group: int) -> list[tuple[str, str, int]]:
    """The roles with at least `min_group` people, in the order of Role, then the others counted
    together; none at all when no role can be shown on its own (the total says it all)."""
    shown, pooled = suppress(by_role, min_group)
    roles = [(role.value, str(role.label), shown[role.value]) for role in Role if role.value in shown]
    if roles and pooled:
        roles.append((POOLED_ROLES, _("Other roles"), pooled))
    return roles


def public_ages(by_age: dict[int, int], min_group: int) -> list[tuple[str, int]]:
    counts = [(low, high, band_count(by_age, low, high)) for low, high in AGE_BANDS]
    return age_bands(merged_bands(counts, min_group), by_age, min_group)


def band_count(ages: dict[int, int], low: int, high: int) -> int:
    return sum(n for age, n in ages.items() if low <= age < high)


def age_bands(bands, ages: dict[int, int], min_group: int) -> list[tuple[str, int]]:
    """Members by age at diagnosis, in bands; shown only when enough members gave it."""
    counted = [(band_label(band[0], band[1]), band_count(ages, band[0], band[1])) for band in bands]
    return counted if sum(n for _label, n in counted) >= max(10, min_group) else []


def band_label(low: int, high: int) -> str:
    if high >= OLDEST:
        return f"{low}+"
    if low == 0:
        return _("under %(age)s") % {"age": high}
    return f"{low}–{high - 1}"


def fold(places: list[MapMarker], audience: Audience, min_group: int, anchors=None) -> list[MapMarker]:
    """The markers an audience sees, most people first: every place for members. For the public,
    the places and groups that community/maps/suppression.py lets it see, and nobody counted as
    listed; `anchors` gives the countries' anchors (country_anchors, one query)."""
    if audience == Audience.MEMBERS:
        return most_people_first(list(places))
    by_country: dict[str, list[MapMarker]] = defaultdict(list)
    for place in places:
        by_country[place.country_code].append(MapMarker(*place[:6]) if place.listed else place)
    shown = {}

    def elsewhere_in(code: str) -> int:
        shown[code], elsewhere = country_places(by_country[code], min_group)
        return elsewhere

    totals = {code: sum(place.count for place in places_here) for code, places_here in by_country.items()}
    codes, folded = public_fold(totals, min_group, elsewhere_in, anchors or country_anchors)
    return most_people_first([place for code in codes for place in shown[code]] + folded)


def public_fold(
    totals: dict[str, int], min_group: int, elsewhere_in: Callable[[str], int], anchors
) -> tuple[list[str], list[MapMarker]]:
    """Where the public sees a map's people (community/maps/suppression.py), from each country's
    total: the countries whose places it sees, by code, and the folded markers: each of those
    countries' small places together (`elsewhere_in(code)` says how many people), then each
    continent's small countries."""
    areas = public_areas(totals, min_group)
    codes = sorted(areas.countries)
    elsewhere = {code: people for code in codes if (people := elsewhere_in(code))}
    positions = anchors(elsewhere) if elsewhere else {}
    folded = [country_marker(code, count, positions.get(code, (0.0, 0.0))) for code, count in elsewhere.items()]
    folded.extend(continent_marker(continent, count) for continent, count in sorted(areas.continents.items()))
    return codes, folded


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


def continent_marker(continent: str, count: int) -> MapMarker:
    """Small countries of one continent together, drawn at the continent's fixed anchor."""
    latitude, longitude = continent_anchors().get(continent, (0.0, 0.0))
    return MapMarker(continent_label(continent), "", latitude, longitude, count, continent=continent)


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
