"""The figures of a condition's map, for each audience (DESIGN.md, privacy model).

The cost follows places, not members: three aggregate queries per condition (members by place,
by role, by age at diagnosis), cached per content version of the condition, whose `updated_at`
moves whenever who is counted may have changed (community/signals.py). Each audience's view is
then derived in Python:

- the public (anonymous visitors) sees places with at least MAP_MIN_GROUP members; smaller groups
  are folded into their country, shown as "elsewhere in <country>";
- signed-in members see every place, and who is listed there (through the member-list endpoint).

Every view adds up: places (and folded groups), countries and roles each sum to the same total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from community.gazetteer import country_name, iso_numeric
from community.models import Membership, Place, Role, Visibility
from conditions.models import Condition

FIGURES_SECONDS = 24 * 3600
AGE_BANDS = (
    (0, 1, "under 1"),
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
class PlaceCount:
    place_id: int
    name: str
    country_code: str
    latitude: float
    longitude: float
    count: int
    listed: int  # how many of them can be named to signed-in members


@dataclass(frozen=True)
class MapMarker:
    """A marker: a place, or (for the public) the small groups of a country folded together."""

    key: str  # "place-<id>" or "country-<code>"
    label: str
    country_code: str
    latitude: float
    longitude: float
    count: int
    place_id: int | None = None
    listed: int = 0


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int

    @property
    def iso_numeric(self) -> str:
        return iso_numeric(self.code)


@dataclass
class RawFigures:
    """What the database says, before any audience rule: cached per condition version."""

    places: list[PlaceCount] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)
    ages: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(place.count for place in self.places)


@dataclass
class MapFigures:
    audience: Audience
    total: int
    markers: list[MapMarker]
    countries: list[CountryCount]
    roles: list[tuple[str, str, int]]  # (role, label, count), every role, in the order of Role
    ages: list[tuple[str, int]]  # (band, count), empty unless enough members gave their age
    min_group: int

    @property
    def folded(self) -> int:
        return sum(marker.count for marker in self.markers if marker.place_id is None)


def raw_figures(condition: Condition) -> RawFigures:
    key = f"map-figures:{condition.pk}:{condition.updated_at.timestamp()}"
    figures = cache.get(key)
    if figures is None:
        figures = count_members(condition)
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


def count_members(condition: Condition) -> RawFigures:
    """Three aggregate queries, whatever the number of members: by place, by role, by age."""
    counted = Membership.objects.counted().filter(condition=condition).order_by()
    place = "member__place__"
    by_place = counted.values(
        "member__place", f"{place}name", f"{place}country_code", f"{place}latitude", f"{place}longitude"
    ).annotate(count=Count("id"), listed=Count("id", filter=Q(member__visibility=Visibility.LISTED)))
    return RawFigures(
        places=[
            PlaceCount(
                place_id=row["member__place"],
                name=row[f"{place}name"],
                country_code=row[f"{place}country_code"],
                latitude=row[f"{place}latitude"],
                longitude=row[f"{place}longitude"],
                count=row["count"],
                listed=row["listed"],
            )
            for row in by_place
        ],
        roles=dict(counted.values_list("role").annotate(count=Count("id"))),
        ages=dict(
            counted.filter(member__age_at_diagnosis__isnull=False)
            .values_list("member__age_at_diagnosis")
            .annotate(count=Count("id"))
        ),
    )


def figures_for(condition: Condition, audience: Audience) -> MapFigures:
    return apply_audience(raw_figures(condition), audience, settings.MAP_MIN_GROUP)


def apply_audience(raw: RawFigures, audience: Audience, min_group: int) -> MapFigures:
    markers: list[MapMarker] = []
    folded: dict[str, list[PlaceCount]] = defaultdict(list)
    by_country: dict[str, int] = defaultdict(int)
    for place in raw.places:
        by_country[place.country_code] += place.count
        if audience == Audience.PUBLIC and place.count < min_group:
            folded[place.country_code].append(place)
        else:
            markers.append(
                MapMarker(
                    key=f"place-{place.place_id}",
                    label=place.name,
                    country_code=place.country_code,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    count=place.count,
                    place_id=place.place_id,
                    listed=place.listed if audience == Audience.MEMBERS else 0,
                )
            )
    markers.extend(country_marker(code, small) for code, small in folded.items())
    markers.sort(key=lambda marker: (-marker.count, marker.label))
    countries = sorted(
        (CountryCount(code, country_name(code), count) for code, count in by_country.items()),
        key=lambda country: (-country.count, country.name),
    )
    return MapFigures(
        audience=audience,
        total=raw.total,
        markers=markers,
        countries=countries,
        roles=[(role.value, str(role.label), raw.roles.get(role.value, 0)) for role in Role],
        ages=age_bands(raw.ages, min_group),
        min_group=min_group,
    )


def country_marker(code: str, places: list[PlaceCount]) -> MapMarker:
    """Small groups of one country together, drawn at the country's largest city: a point that
    depends on no member, so that the marker never points at the town of a lone member."""
    latitude, longitude = country_anchors().get(code, (0.0, 0.0))
    return MapMarker(
        key=f"country-{code}",
        label=_("Elsewhere in %(country)s") % {"country": country_name(code)},
        country_code=code,
        latitude=latitude,
        longitude=longitude,
        count=sum(place.count for place in places),
    )


def country_anchors() -> dict[str, tuple[float, float]]:
    """The position of each country's most populous gazetteer place (reference data, cached)."""
    anchors = cache.get("map-country-anchors")
    if anchors is None:
        anchors = {}
        rows = Place.objects.order_by("country_code", "-population").values_list(
            "country_code", "latitude", "longitude"
        )
        for code, latitude, longitude in rows.iterator(chunk_size=5000):
            anchors.setdefault(code, (latitude, longitude))
        cache.set("map-country-anchors", anchors, FIGURES_SECONDS)
    return anchors


def age_bands(ages: dict[int, int], min_group: int) -> list[tuple[str, int]]:
    """Members by age at diagnosis, in bands; shown only when enough members gave it."""
    bands = [(label, sum(n for age, n in ages.items() if low <= age < high)) for low, high, label in AGE_BANDS]
    return bands if sum(n for _, n in bands) >= max(10, min_group) else []
