"""What the map tests share: the map's addresses, members on a map, and the figures a page, the GeoJSON or an
audience shows."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape

from allauth.account.models import EmailAddress
from django.urls import reverse

from community.maps.figures import Audience, MapMarker, Tally, fold, summarise, summary_for
from community.maps.kept import markers_for
from community.models import Membership, Role
from tests.factories import MembershipFactory, ProfileFactory, UserFactory, make_member

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_PLACE = "Villa <script>alert('place')</script>"


def map_url(condition) -> str:
    return reverse("condition_map", args=[condition.slug])


def geojson_url(condition) -> str:
    return reverse("api:condition-map", args=[condition.slug])


def members_url(condition, place_id: int) -> str:
    return reverse("api:map-place-members", args=[condition.slug, place_id])


def on_map(profile, condition, **fields) -> Membership:
    return MembershipFactory(member=profile, condition=condition, **fields)


def member_on(condition, username: str, place, **profile_fields) -> Membership:
    """A verified member on the condition's map."""
    return on_map(make_member(username, f"Member {username}", place, **profile_fields), condition)


def unverified_member(username: str, display_name: str, place):
    profile = ProfileFactory(user=UserFactory(username=username), display_name=display_name, place=place)
    EmailAddress.objects.create(user=profile.user, email=profile.user.email, verified=False, primary=True)
    return profile


def page_figures(response) -> dict:
    """The figures a map page shows: the headline total, the table's total and its rows, in order."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    total = int(re.search(r'class="map-total" data-total="(\d+)"', html).group(1))
    people = re.search(r"There (?:is|are) (\d+) (?:person|people) in the map\.", html)
    assert people and int(people.group(1)) == total
    rows = [
        (unescape(name), int(count))
        for name, count in re.findall(r'<tr><th scope="row">([^<]*)</th><td class="number">(\d+)</td></tr>', html)
    ]
    table = [(name, count) for name, count in rows if name != "Total"]
    footer = [count for name, count in rows if name == "Total"]
    if table:
        assert footer == [total], "the table's total is not the page's total"
        assert sum(count for _name, count in table) == total
    return {"total": total, "countries": dict(table), "order": [name for name, _count in table]}


def get_geojson(client, condition) -> dict:
    response = client.get(geojson_url(condition))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def geojson_figures(data: dict) -> dict:
    """The totals of a GeoJSON map, checked to add up: features (with "Elsewhere in the world",
    which has none), rows by country and roles (none below MAP_MIN_GROUP in all)."""
    total = data["total"]
    world = sum(area["count"] for area in data["elsewhere"] if area["continent"] is None)
    assert sum(feature["properties"]["count"] for feature in data["features"]) + world == total
    rows = {country["name"]: country["count"] for country in data["countries"].values()}
    rows |= {area["name"]: area["count"] for area in data["elsewhere"]}
    assert sum(rows.values()) == total
    assert sum(data["roles"].values()) == (total if data["roles"] else 0)
    return {"total": total, "countries": rows}


def assert_figures_add_up(figures) -> None:
    total = figures.total
    assert sum(marker.count for marker in figures.markers) + figures.world == total
    assert sum(row.count for row in figures.rows) == total
    if figures.roles:
        assert sum(count for _role, _label, count in figures.roles) == total
    if figures.audience == Audience.MEMBERS:
        assert [role for role, _label, _count in figures.roles] == [role.value for role in Role]
        assert figures.world == 0 and figures.rows == figures.countries


def place_count(place, count: int, listed: int | None = None) -> MapMarker:
    """A place's count as the database returns it: everyone, and who is listed."""
    return MapMarker(
        place_id=place.pk,
        label=place.name,
        country_code=place.country_code,
        latitude=place.latitude,
        longitude=place.longitude,
        count=count,
        listed=count if listed is None else listed,
    )


@dataclass(frozen=True)
class Figures:
    """What one audience sees of a map: its summary and its markers."""

    audience: Audience
    total: int
    markers: list[MapMarker]
    countries: list
    rows: list
    roles: list
    min_group: int

    @property
    def world(self) -> int:
        return sum(row.count for row in self.rows if getattr(row, "continent", None) == "")

    @property
    def folded(self) -> int:
        return sum(marker.count for marker in self.markers if marker.place_id is None)


def figures_for(condition, audience: Audience) -> Figures:
    summary = summary_for(condition, audience)
    markers = markers_for(condition, audience)
    return Figures(audience, summary.total, markers, summary.countries, summary.rows, summary.roles, summary.min_group)


def raw(*counts: MapMarker) -> list[MapMarker]:
    return list(counts)


def apply_audience(places: list[MapMarker], audience: Audience, min_group: int) -> Figures:
    """The figures of these place counts (all patients), as `audience` sees them."""
    by_country = Counter()
    for place in places:
        by_country[place.country_code, Role.PATIENT.value] += place.count
    summary = summarise(Tally(dict(by_country), {}), min_group, audience)
    markers = fold(places, audience, min_group)
    return Figures(audience, summary.total, markers, summary.countries, summary.rows, summary.roles, min_group)


def marker_for(figures, key: str):
    (marker,) = [marker for marker in figures.markers if marker.key == key]
    return marker


def read_page(client, condition) -> dict:
    figures = page_figures(client.get(map_url(condition)))
    return {"total": figures["total"], "countries": figures["countries"]}


def read_geojson(client, condition) -> dict:
    return geojson_figures(get_geojson(client, condition))
