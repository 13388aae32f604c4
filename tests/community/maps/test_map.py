"""The world map of a condition: its figures per audience, what each audience may see, the caches
that must never go stale, costs that follow places (not members), escaping, and the API schema."""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from html import unescape
from io import StringIO

import pytest
import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.demo import create_demo_members
from community.figures import (
    Audience,
    MapMarker,
    Tally,
    country_anchors,
    fold,
    markers_for,
    summarise,
    summary_for,
)
from community.gazetteer import GazetteerPlace
from community.management.commands.load_places import PLACE_FIELDS
from community.models import Membership, Place, Profile, Role, Visibility
from conditions.models import Condition
from tests.factories import (
    ConditionFactory,
    MembershipFactory,
    PlaceFactory,
    ProfileFactory,
    UserFactory,
    client_for,
    make_member,
)

pytestmark = pytest.mark.django_db

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_PLACE = "Villa <script>alert('place')</script>"


# Helpers --------------------------------------------------------------------------------------


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


# 1. Aggregation and folding ---------------------------------------------------------------------


class TestFolding:
    def test_a_place_with_exactly_min_group_members_is_shown_to_the_public(self, places, settings):
        munich, min_group = places["munich"], settings.MAP_MIN_GROUP
        figures = apply_audience(raw(place_count(munich, min_group)), Audience.PUBLIC, min_group)
        (marker,) = figures.markers
        assert marker.key == f"place-{munich.pk}"
        assert (marker.label, marker.place_id, marker.count) == ("Munich", munich.pk, min_group)
        assert (marker.latitude, marker.longitude) == (munich.latitude, munich.longitude)
        assert marker.listed == 0  # the public is never told how many could be named
        assert figures.folded == 0
        assert_figures_add_up(figures)

    def test_small_places_fold_into_elsewhere_in_the_country_at_the_country_anchor(self, places, settings):
        valdemoro, min_group = places["valdemoro"], settings.MAP_MIN_GROUP
        valencia = places["valencia"]  # Spain's most populous place in the gazetteer: its anchor
        toledo = PlaceFactory(name="Toledo", country_code="ES", latitude=39.86, longitude=-4.03, population=85_000)
        figures = apply_audience(
            raw(place_count(valdemoro, min_group - 1), place_count(toledo, 1)), Audience.PUBLIC, min_group
        )
        (marker,) = figures.markers
        assert marker.key == "country-ES"
        assert marker.label == "Elsewhere in Spain"
        assert marker.place_id is None
        assert marker.count == min_group
        assert (marker.latitude, marker.longitude) == (valencia.latitude, valencia.longitude)
        assert (marker.latitude, marker.longitude) != (valdemoro.latitude, valdemoro.longitude)
        assert country_anchors(["ES"])["ES"] == (valencia.latitude, valencia.longitude)
        assert figures.folded == min_group
        assert [(country.code, country.count) for country in figures.countries] == [("ES", min_group)]
        assert_figures_add_up(figures)

    def test_small_groups_fold_together_while_big_ones_stay(self, places):
        toledo = PlaceFactory(name="Toledo", country_code="ES", latitude=39.86, longitude=-4.03, population=85_000)
        figures = apply_audience(
            raw(
                place_count(places["valencia"], 4),
                place_count(places["valdemoro"], 2),
                place_count(toledo, 1),
                place_count(places["munich"], 3),
                place_count(places["sao_paulo"], 3),
                place_count(places["valencia_ve"], 2),
            ),
            Audience.PUBLIC,
            3,
        )
        assert {marker.key: marker.count for marker in figures.markers} == {
            f"place-{places['valencia'].pk}": 4,
            "country-ES": 3,
            f"place-{places['munich'].pk}": 3,
            "continent-SA": 5,  # Venezuela 2 is too few, and Brazil 3 beside it would give it away
        }
        assert {country.code: country.count for country in figures.countries} == {"ES": 7, "DE": 3}
        assert {row.name: row.count for row in figures.rows} == {
            "Spain": 7,
            "Germany": 3,
            "Elsewhere in South America": 5,
        }
        assert figures.total == 15
        assert figures.folded == 8
        assert_figures_add_up(figures)

    def test_a_single_member(self, places):
        for audience in Audience:
            figures = apply_audience(raw(place_count(places["munich"], 1)), audience, 3)
            assert figures.total == 1
            if audience == Audience.PUBLIC:  # the total, and nothing else
                assert (figures.markers, figures.countries, figures.world) == ([], [], 1)
            else:
                (marker,) = figures.markers
                assert marker.key == f"place-{places['munich'].pk}"
                assert [(country.code, country.count) for country in figures.countries] == [("DE", 1)]
            assert_figures_add_up(figures)

    def test_members_never_fold(self, places):
        figures = apply_audience(
            raw(place_count(places["valdemoro"], 1, listed=0), place_count(places["munich"], 2, listed=1)),
            Audience.MEMBERS,
            3,
        )
        assert {marker.key: (marker.count, marker.listed) for marker in figures.markers} == {
            f"place-{places['valdemoro'].pk}": (1, 0),
            f"place-{places['munich'].pk}": (2, 1),
        }
        assert figures.folded == 0
        assert_figures_add_up(figures)

    def test_no_members_no_markers(self, db):
        for audience in Audience:
            figures = apply_audience(raw(), audience, 3)
            assert (figures.total, figures.markers, figures.countries) == (0, [], [])
            assert all(count == 0 for _role, _label, count in figures.roles)


class TestFiguresOfRealMembers:
    @pytest.mark.parametrize("min_group", [2, 3, 5])
    def test_min_group_members_show_a_place_one_less_folds(self, places, condition, settings, min_group):
        settings.MAP_MIN_GROUP = min_group
        toledo = PlaceFactory(name="Toledo", country_code="ES", latitude=39.86, longitude=-4.03, population=85_000)
        for number in range(min_group):
            member_on(condition, f"munich{number}", places["munich"])
        for number in range(min_group - 1):
            member_on(condition, f"valdemoro{number}", places["valdemoro"])
        member_on(condition, "toledano", toledo)
        public = figures_for(Condition.objects.get(pk=condition.pk), Audience.PUBLIC)
        assert {marker.key: marker.count for marker in public.markers} == {
            f"place-{places['munich'].pk}": min_group,
            "country-ES": min_group,
        }
        elsewhere = marker_for(public, "country-ES")
        assert (elsewhere.latitude, elsewhere.longitude) == (places["valencia"].latitude, places["valencia"].longitude)
        members = figures_for(Condition.objects.get(pk=condition.pk), Audience.MEMBERS)
        assert {marker.key: marker.count for marker in members.markers} == {
            f"place-{places['munich'].pk}": min_group,
            f"place-{places['valdemoro'].pk}": min_group - 1,
            f"place-{toledo.pk}": 1,
        }
        for figures in (public, members):
            assert figures.total == 2 * min_group
            assert figures.min_group == min_group
            assert_figures_add_up(figures)

    def test_all_members_hidden_means_an_empty_map(self, client, places, condition):
        for number in range(4):
            member_on(condition, f"hidden{number}", places["munich"], visibility=Visibility.HIDDEN)
        for audience in Audience:
            figures = figures_for(condition, audience)
            assert (figures.total, figures.markers, figures.countries, figures.rows) == (0, [], [], [])
            assert sum(count for _role, _label, count in figures.roles) == 0
        data = get_geojson(client, condition)
        assert (data["total"], data["features"], data["countries"], data["elsewhere"]) == (0, [], {}, [])
        assert sum(data["roles"].values()) == 0
        assert page_figures(client.get(map_url(condition)))["total"] == 0

    def test_a_single_member_on_the_map(self, client, charlie, alice, condition):
        on_map(alice.profile, condition)
        response = client.get(map_url(condition))
        assert "There is 1 person in the map." in response.content.decode()
        assert page_figures(response)["countries"] == {"Elsewhere in the world": 1}
        public = get_geojson(client, condition)
        assert public["features"] == []
        assert geojson_figures(public) == {"total": 1, "countries": {"Elsewhere in the world": 1}}
        members = get_geojson(client_for(charlie), condition)
        assert [feature["id"] for feature in members["features"]] == [f"place-{alice.profile.place_id}"]
        assert geojson_figures(members) == {"total": 1, "countries": {"Spain": 1}}

    @pytest.mark.parametrize("audience", list(Audience))
    def test_a_member_on_two_conditions_counts_once_on_each(self, alice, places, condition, audience):
        other = ConditionFactory(name="Alport syndrome")
        on_map(alice.profile, condition, role=Role.PATIENT)
        on_map(alice.profile, other, role=Role.FAMILY)
        member_on(other, "olga", places["munich"])
        mine = figures_for(Condition.objects.get(pk=condition.pk), audience)
        theirs = figures_for(Condition.objects.get(pk=other.pk), audience)
        assert (mine.total, theirs.total) == (1, 2)
        if audience == Audience.PUBLIC:  # below MAP_MIN_GROUP, the totals are all the public sees
            return
        assert {role: count for role, _label, count in mine.roles if count} == {Role.PATIENT: 1}
        assert {country.code: country.count for country in mine.countries} == {"ES": 1}
        assert theirs.total == 2
        assert {role: count for role, _label, count in theirs.roles if count} == {Role.FAMILY: 1, Role.PATIENT: 1}
        assert {country.code: country.count for country in theirs.countries} == {"ES": 1, "DE": 1}
        for figures in (mine, theirs):
            assert_figures_add_up(figures)

    @pytest.mark.parametrize("audience", list(Audience))
    def test_markers_countries_and_roles_add_up_to_the_total(self, places, condition, audience):
        roles = list(Role)
        layout = {"valencia": 4, "valdemoro": 1, "munich": 2, "sao_paulo": 3, "valencia_ve": 1}
        number = 0
        for place, count in layout.items():
            for _ in range(count):
                profile = make_member(f"m{number}", f"M {number}", places[place], role=roles[number % len(roles)])
                on_map(profile, condition)
                number += 1
        member_on(condition, "hidden", places["munich"], visibility=Visibility.HIDDEN)
        member_on(condition, "counted", places["munich"], visibility=Visibility.COUNTED)
        figures = figures_for(condition, audience)
        assert figures.total == 12
        assert_figures_add_up(figures)
        if audience == Audience.PUBLIC:  # Venezuela 1 is too few, and Brazil 3 beside it would give it away
            rows = {"Spain": 5, "Germany": 3, "Elsewhere in South America": 4}
            countries = {"ES": 5, "DE": 3}
            roles = {Role.PATIENT.value, "other"}  # 3 patients; each other role has fewer
        else:
            rows = {"Spain": 5, "Germany": 3, "Brazil": 3, "Venezuela": 1}
            countries = {"ES": 5, "DE": 3, "BR": 3, "VE": 1}
            roles = {role.value for role in Role}
        assert {country.code: country.count for country in figures.countries} == countries
        client = Client() if audience == Audience.PUBLIC else client_for(UserFactory(username="viewer"))
        data = get_geojson(client, condition)
        assert data["audience"] == audience
        assert geojson_figures(data) == {"total": 12, "countries": rows}
        assert set(data["roles"]) == roles
        assert page_figures(client.get(map_url(condition)))["countries"] == rows


class TestCountryAnchorsAfterAGazetteerRefresh:
    """`manage.py load_places` refreshes the gazetteer and redraws the maps with members on the places
    it changed; the public's folded markers stand at each country's most populous place. With
    MAP_MIN_GROUP 2, two members in two places of a country are "Elsewhere" in it."""

    @pytest.fixture(autouse=True)
    def pairs(self, settings):
        settings.MAP_MIN_GROUP = 2

    def refresh_gazetteer(self, monkeypatch, *changes: GazetteerPlace) -> None:
        by_id = {change.geonameid: change for change in changes}
        source = [
            by_id.pop(place.pk, None)
            or GazetteerPlace(**{name: getattr(place, name) for name in ("geonameid", *PLACE_FIELDS)})
            for place in Place.objects.all()
        ]
        source += by_id.values()
        monkeypatch.setattr("community.management.commands.load_places.gazetteer_places", lambda: source)
        call_command("load_places", stdout=StringIO())

    def elsewhere(self, client, condition, code: str) -> list[float]:
        features = {feature["id"]: feature for feature in get_geojson(client, condition)["features"]}
        return features[f"country-{code}"]["geometry"]["coordinates"]

    def test_a_folded_marker_moves_with_its_country_anchor(self, client, monkeypatch, places, condition):
        valencia = places["valencia"]
        member_on(condition, "solo", valencia)  # alone, so folded into Spain, drawn at Valencia
        member_on(condition, "another", places["valdemoro"])
        assert self.elsewhere(client, condition, "ES") == [-0.38, 39.47]
        corrected = GazetteerPlace(
            **{name: getattr(valencia, name) for name in ("geonameid", *PLACE_FIELDS)} | {"longitude": -0.3763}
        )
        self.refresh_gazetteer(monkeypatch, corrected)
        assert Place.objects.get(pk=valencia.pk).longitude == -0.3763
        assert self.elsewhere(client, condition, "ES") == [-0.376, 39.47]
        assert country_anchors(["ES"])["ES"] == (39.47, -0.3763)

    def test_a_country_new_to_the_gazetteer_gets_its_anchor(self, client, monkeypatch, places, condition):
        member_on(condition, "solo", places["valdemoro"])
        member_on(condition, "another", places["valencia"])
        assert self.elsewhere(client, condition, "ES") == [-0.38, 39.47]
        auckland = GazetteerPlace(2193733, "Auckland", "auckland", "NZ", "E7", -36.848, 174.763, 417_910)
        wanaka = GazetteerPlace(6244221, "Wanaka", "wanaka", "NZ", "E9", -44.7, 169.13, 8_900)
        self.refresh_gazetteer(monkeypatch, auckland, wanaka)
        member_on(condition, "southerner", Place.objects.get(pk=wanaka.geonameid))
        member_on(condition, "kiwi", Place.objects.get(pk=auckland.geonameid))  # joins: the map is redrawn
        assert self.elsewhere(client, condition, "NZ") == [174.763, -36.848]  # not [0.0, 0.0], off Africa
        assert country_anchors(["NZ"])["NZ"] == (-36.848, 174.763)


# 2. Who is visible to whom ----------------------------------------------------------------------


@pytest.fixture
def crowd(alice, bob, places, condition):
    """Valencia: alice and bob (listed), a counted member, and three who are not counted (hidden,
    unverified, inactive). Munich: one counted member only. 4 people in the figures."""
    valencia = places["valencia"]
    on_map(alice.profile, condition)
    on_map(bob.profile, condition)
    counted = make_member("counted", "Countess Quietly", valencia, visibility=Visibility.COUNTED)
    hidden = make_member("hidden", "Hidalgo Hideaway", valencia, visibility=Visibility.HIDDEN)
    unverified = unverified_member("unverified", "Ursula Unconfirmed", valencia)
    inactive = make_member("inactive", "Inez Inactive", valencia)
    inactive.user.is_active = False
    inactive.user.save()
    counted_in_munich = make_member("munich", "Maximilian Mute", places["munich"], visibility=Visibility.COUNTED)
    for profile in (counted, hidden, unverified, inactive, counted_in_munich):
        on_map(profile, condition)
    return {
        "alice": alice.profile,
        "bob": bob.profile,
        "counted": counted,
        "hidden": hidden,
        "unverified": unverified,
        "inactive": inactive,
        "counted_in_munich": counted_in_munich,
    }


ALL_NAMES = [
    "Alice in Valencia",
    "Bob B.",
    "Countess Quietly",
    "Hidalgo Hideaway",
    "Ursula Unconfirmed",
    "Inez Inactive",
    "Maximilian Mute",
]


class TestVisibility:
    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_only_listed_and_counted_verified_active_members_count(self, crowd, charlie, condition, signed_in):
        client = client_for(charlie) if signed_in else Client()
        response = client.get(map_url(condition))
        assert "There are 4 people in the map." in response.content.decode()
        # The public: Germany 1 is too few, and Spain 3 beside it would give it away.
        countries = {"Spain": 3, "Germany": 1} if signed_in else {"Elsewhere in Europe": 4}
        assert page_figures(response) == {"total": 4, "countries": countries, "order": list(countries)}
        assert geojson_figures(get_geojson(client, condition)) == {"total": 4, "countries": countries}

    def test_anonymous_page_and_geojson_name_nobody_and_link_no_member_list(self, client, crowd, condition):
        page = client.get(map_url(condition)).content.decode()
        response = client.get(geojson_url(condition))
        data = response.content.decode()
        for text in (page, data):
            for name in [*ALL_NAMES, "Member "]:
                assert name not in text
            assert "@example.org" not in text
            assert "members_url" not in text
            assert "/members/" not in text
        features = json.loads(data)["features"]
        assert all("listed" not in feature["properties"] for feature in features)
        # Munich's lone member is too few for Germany, and Spain 3 beside it would give them away.
        assert {feature["id"]: feature["properties"]["count"] for feature in features} == {"continent-EU": 4}

    def test_signed_in_geojson_links_the_member_list_only_where_someone_is_listed(self, crowd, charlie, condition):
        data = get_geojson(client_for(charlie), condition)
        by_id = {feature["id"]: feature["properties"] for feature in data["features"]}
        valencia = by_id[f"place-{crowd['alice'].place_id}"]
        munich = by_id[f"place-{crowd['counted_in_munich'].place_id}"]
        assert valencia["listed"] == 2
        assert valencia["members_url"] == members_url(condition, crowd["alice"].place_id)
        assert "members_url" not in munich
        assert "listed" not in munich
        text = json.dumps(data)
        for name in ALL_NAMES:
            assert name not in text
        assert "@" not in text

    def test_the_members_endpoint_lists_listed_members_only_and_no_email(self, crowd, charlie, condition):
        response = client_for(charlie).get(members_url(condition, crowd["alice"].place_id))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        assert body["next"] is None
        assert [member["display_name"] for member in body["results"]] == ["Alice in Valencia", "Bob B."]
        for member in body["results"]:
            assert set(member) == {"display_name", "role", "profile_url"}
            assert member["role"] == "Person with the condition"
        assert body["results"][0]["profile_url"] == crowd["alice"].get_absolute_url()
        text = response.content.decode()
        assert "@" not in text
        for name in ALL_NAMES[2:]:
            assert name not in text

    def test_a_member_with_two_verified_addresses_counts_and_is_listed_once(self, crowd, charlie, condition):
        EmailAddress.objects.create(user=crowd["alice"].user, email="alice@elsewhere.example", verified=True)
        assert page_figures(Client().get(map_url(condition)))["total"] == 4
        assert read_geojson(client_for(charlie), condition)["total"] == 4
        body = client_for(charlie).get(members_url(condition, crowd["alice"].place_id)).json()
        assert [member["display_name"] for member in body["results"]] == ["Alice in Valencia", "Bob B."]

    def test_a_place_with_counted_members_only_lists_nobody(self, crowd, charlie, condition):
        response = client_for(charlie).get(members_url(condition, crowd["counted_in_munich"].place_id))
        assert response.status_code == 200
        assert response.json()["results"] == []
        assert "Maximilian Mute" not in response.content.decode()

    def test_the_members_endpoint_refuses_anonymous_visitors(self, client, crowd, condition):
        response = client.get(members_url(condition, crowd["alice"].place_id))
        assert response.status_code == 403
        assert "Alice in Valencia" not in response.content.decode()

    def test_the_members_endpoint_404s_for_an_unknown_place(self, crowd, charlie, condition):
        assert client_for(charlie).get(members_url(condition, 987_654_321)).status_code == 404

    def test_the_members_endpoint_404s_for_an_unpublished_condition(self, alice, bob, charlie, draft_condition):
        on_map(alice.profile, draft_condition)
        response = client_for(charlie).get(members_url(draft_condition, alice.profile.place_id))
        assert response.status_code == 404
        assert "Alice in Valencia" not in response.content.decode()
        assert client_for(charlie).get(geojson_url(draft_condition)).status_code == 404
        assert client_for(charlie).get(map_url(draft_condition)).status_code == 404

    def test_the_members_endpoint_lists_only_members_of_that_condition(self, crowd, charlie, condition):
        other = ConditionFactory(name="Alport syndrome")
        member_on(other, "elsewhere", crowd["alice"].place)
        response = client_for(charlie).get(members_url(other, crowd["alice"].place_id))
        assert [member["display_name"] for member in response.json()["results"]] == ["Member elsewhere"]

    def test_map_responses_vary_with_the_session(self, crowd, client, charlie, condition):
        # The GeoJSON and the page differ per audience: a shared cache must not serve one to the other.
        for viewer in (client, client_for(charlie)):
            for url in (map_url(condition), geojson_url(condition)):
                assert "Cookie" in viewer.get(url)["Vary"]

    def test_the_members_endpoint_pages_by_50(self, charlie, places, condition):
        munich = places["munich"]
        for number in range(51):
            on_map(make_member(f"listed{number:02d}", f"Listed {number:02d}", munich), condition)
        client = client_for(charlie)
        first = client.get(members_url(condition, munich.pk)).json()
        assert first["count"] == 51
        assert len(first["results"]) == 50
        assert first["next"]
        assert first["results"][0]["display_name"] == "Listed 00"
        second = client.get(first["next"]).json()
        assert [member["display_name"] for member in second["results"]] == ["Listed 50"]
        assert second["next"] is None


class TestMemberProfile:
    def profile_url(self, profile) -> str:
        return reverse("community:member", args=[profile.public_id])

    def test_a_listed_member_is_visible_to_signed_in_members(self, crowd, charlie):
        response = client_for(charlie).get(self.profile_url(crowd["alice"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Alice in Valencia" in html
        assert "alice@example.org" not in html

    @pytest.mark.parametrize("who", ["counted", "hidden", "unverified", "inactive"])
    def test_members_who_are_not_listed_have_no_profile_page(self, crowd, charlie, who):
        response = client_for(charlie).get(self.profile_url(crowd[who]))
        assert response.status_code == 404
        assert crowd[who].display_name not in response.content.decode()

    def test_anonymous_visitors_are_sent_to_log_in(self, client, crowd):
        response = client.get(self.profile_url(crowd["alice"]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("who", ["alice", "counted", "hidden", "unverified"])
    def test_ones_own_profile_is_always_visible(self, crowd, who):
        response = client_for(crowd[who].user).get(self.profile_url(crowd[who]))
        assert response.status_code == 200
        assert crowd[who].display_name in response.content.decode()


# 3. Caches never go stale ----------------------------------------------------------------------


def newcomer(condition, places):
    member_on(condition, "newcomer", places["valencia"])


def leaving(condition, places):
    Membership.objects.get(member__user__username="bob", condition=condition).delete()


def hiding(condition, places):
    profile = Membership.objects.get(member__user__username="bob").member
    profile.visibility = Visibility.HIDDEN
    profile.save()


def moving(condition, places):
    profile = Membership.objects.get(member__user__username="bob").member
    profile.place = places["munich"]
    profile.save()


def verifying(condition, places):
    address = EmailAddress.objects.get(user__username="pending")
    address.verified = True
    address.save()


def deactivating(condition, places):
    user = get_user_model().objects.get(username="bob")
    user.is_active = False
    user.save()


CHANGES = {
    "membership-created": (newcomer, {"total": 3, "countries": {"Spain": 3}}),
    "membership-deleted": (leaving, {"total": 1, "countries": {"Spain": 1}}),
    "listed-to-hidden": (hiding, {"total": 1, "countries": {"Spain": 1}}),
    "place-changed": (moving, {"total": 2, "countries": {"Spain": 1, "Germany": 1}}),
    "email-verified": (verifying, {"total": 3, "countries": {"Spain": 3}}),
    "account-deactivated": (deactivating, {"total": 1, "countries": {"Spain": 1}}),
}


def read_page(client, condition) -> dict:
    figures = page_figures(client.get(map_url(condition)))
    return {"total": figures["total"], "countries": figures["countries"]}


def read_geojson(client, condition) -> dict:
    return geojson_figures(get_geojson(client, condition))


class TestCacheFreshness:
    @pytest.fixture
    def before(self, alice, bob, places, condition):
        on_map(alice.profile, condition)
        on_map(bob.profile, condition)
        on_map(unverified_member("pending", "Pending Pat", places["valencia"]), condition)
        return {"total": 2, "countries": {"Spain": 2}}

    @pytest.mark.parametrize("change", list(CHANGES))
    @pytest.mark.parametrize("read", [read_page, read_geojson], ids=["page", "geojson"])
    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_the_map_shows_each_change_at_once(
        self, before, charlie, places, condition, settings, change, read, signed_in
    ):
        settings.MAP_MIN_GROUP = 1  # both audiences see the same figures: this is about caches
        client = client_for(charlie) if signed_in else Client()
        assert read(client, condition) == before
        assert read(client, condition) == before  # now from the caches
        apply, after = CHANGES[change]
        apply(condition, places)
        assert read(client, condition) == after
        other = Client() if signed_in else client_for(charlie)  # the other audience agrees
        assert read(other, condition) == after

    def test_the_anonymous_map_page_is_cached(self, client, alice, condition, django_assert_num_queries):
        on_map(alice.profile, condition)
        first = client.get(map_url(condition))
        with django_assert_num_queries(1):  # the condition's content version; the page comes from the cache
            second = client.get(map_url(condition))
        assert page_figures(second) == page_figures(first)

    def test_members_never_get_the_publics_cached_page(self, client, alice, charlie, condition):
        on_map(alice.profile, condition)
        client.get(map_url(condition))
        assert "to see who is where." in client.get(map_url(condition)).content.decode()
        html = client_for(charlie).get(map_url(condition)).content.decode()
        assert "Open a place to see the members who chose to be listed there." in html
        assert "to see who is where." not in html
        data = get_geojson(client_for(charlie), condition)
        assert data["audience"] == "members"
        assert data["features"][0]["id"] == f"place-{alice.profile.place_id}"  # not folded
        assert get_geojson(client, condition)["features"] == []  # alone: the total, and nothing else

    def test_the_geojson_is_cached(self, client, alice, condition, django_assert_num_queries):
        on_map(alice.profile, condition)
        first = client.get(geojson_url(condition))
        with django_assert_num_queries(1):  # the condition itself; the GeoJSON comes from the cache
            second = client.get(geojson_url(condition))
        assert second.content == first.content


@pytest.fixture
def four_countries(places, condition, settings):
    """By people: Spain 4, Venezuela 3, Brazil 2, Germany 1; by name: Brazil, Germany, Spain, Venezuela.
    Every audience sees each of them (MAP_MIN_GROUP 1): this is about the order of the table."""
    settings.MAP_MIN_GROUP = 1
    layout = {"valencia": 4, "valencia_ve": 3, "sao_paulo": 2, "munich": 1}
    for place, count in layout.items():
        for number in range(count):
            member_on(condition, f"{place}{number}", places[place])
    return condition


BY_PEOPLE = ["Spain", "Venezuela", "Brazil", "Germany"]
BY_COUNTRY = ["Brazil", "Germany", "Spain", "Venezuela"]


class TestTableOrder:
    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_sort_by_country_or_by_people(self, charlie, four_countries, signed_in):
        client = client_for(charlie) if signed_in else Client()
        url = map_url(four_countries)
        assert page_figures(client.get(url))["order"] == BY_PEOPLE
        assert page_figures(client.get(url + "?sort=people"))["order"] == BY_PEOPLE
        assert page_figures(client.get(url + "?sort=country"))["order"] == BY_COUNTRY
        assert page_figures(client.get(url + "?sort=people"))["order"] == BY_PEOPLE  # not the cached other order
        assert page_figures(client.get(url + "?sort=%3Cjunk%3E"))["order"] == BY_PEOPLE

    def test_the_sorted_table_says_so(self, client, four_countries):
        html = client.get(map_url(four_countries) + "?sort=country").content.decode()
        assert '<th scope="col" aria-sort="ascending">' in html
        html = client.get(map_url(four_countries) + "?sort=nonsense").content.decode()
        assert '<th scope="col" class="number" aria-sort="descending">' in html

    def test_junk_sorts_share_the_default_cached_page(self, client, four_countries, django_assert_num_queries):
        url = map_url(four_countries)
        assert page_figures(client.get(url + "?sort=a"))["order"] == BY_PEOPLE
        with django_assert_num_queries(1):  # the content version: the same cached variant as ?sort=a
            assert page_figures(client.get(url + "?sort=b"))["order"] == BY_PEOPLE
        with django_assert_num_queries(1):
            assert page_figures(client.get(url + "?sort=people"))["order"] == BY_PEOPLE
        with django_assert_num_queries(1):
            assert page_figures(client.get(url))["order"] == BY_PEOPLE
        client.get(url + "?sort=country")
        with django_assert_num_queries(1):
            assert page_figures(client.get(url + "?sort=country&utm_source=x"))["order"] == BY_COUNTRY


# 4. Costs follow places, not members -----------------------------------------------------------

# Measured on SQLite, the same for 1,000 and for 10,000 members (and for 1,001 and 10,001 here):
# - uncached map page, anonymous: 6 queries = the condition's content version (page cache), the
#   condition, the three aggregates (members by place, by role, by age at diagnosis), and the
#   country anchors (for the folded "Elsewhere in Iceland" marker);
# - uncached GeoJSON or compact places data, anonymous: 5 queries = the same minus the content version;
# - signed in, page, GeoJSON and places data alike: 6 queries = the session, its user, the condition and the
#   three aggregates (members never fold, so no anchors).
QUERIES = {
    ("page", False): 6,
    ("geojson", False): 5,
    ("places", False): 5,
    ("page", True): 6,
    ("geojson", True): 6,
    ("places", True): 6,
}
PLACE_COUNTRIES = ["ES", "DE", "BR", "VE", "FR", "IT", "US", "MX", "AR", "PT"]


def queries_for(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_map_queries_do_not_grow_with_members(condition, charlie, django_assert_max_num_queries, signed_in):
    towns = [
        PlaceFactory(
            name=f"Town {number}",
            country_code=PLACE_COUNTRIES[number % len(PLACE_COUNTRIES)],
            latitude=-40 + number,
            longitude=-60 + 2 * number,
            population=10_000 * (number + 1),
        )
        for number in range(50)
    ]
    villages = [
        PlaceFactory(name=f"Village {number}", country_code="IS", latitude=64 + number, longitude=-20, population=900)
        for number in range(2)
    ]
    islanders = [make_member(f"islander{number}", f"Islander {number}", villages[number % 2]) for number in range(4)]
    for islander in islanders:  # 2 in each village: folded into "Elsewhere in Iceland" for the public
        on_map(islander, condition)
    client = client_for(charlie) if signed_in else Client()
    urls = {
        "page": map_url(condition),
        "geojson": geojson_url(condition),
        "places": reverse("api:condition-map-places", args=[condition.slug]),
    }
    measured = {}
    for size in (1_000, 10_000):
        started = time.monotonic()
        create_demo_members(size - Membership.objects.filter(condition=condition).count() + 4, [condition], seed=7)
        print(f"{size:,} demo members made in {time.monotonic() - started:.1f} s")
        # Demo members go to any place: keep the islanders alone.
        Profile.objects.filter(place__in=villages).exclude(pk__in=[islander.pk for islander in islanders]).update(
            place=towns[0]
        )
        Membership.objects.filter(condition=condition).copy_profiles()  # a bulk update sends no signal
        Condition.objects.filter(pk=condition.pk).touch()
        assert Membership.objects.filter(condition=condition).count() == size + 4
        measured[size] = {kind: queries_for(client, url) for kind, url in urls.items()}
        figures = figures_for(Condition.objects.get(pk=condition.pk), Audience.PUBLIC)
        assert "country-IS" in {marker.key for marker in figures.markers}
        assert len(figures.markers) <= 51
        assert figures.total > 0.9 * size  # about 5% of demo members are hidden
    print(f"queries: {measured}")
    assert measured[1_000] == measured[10_000]
    for kind, url in urls.items():
        cache.clear()
        with django_assert_max_num_queries(QUERIES[kind, signed_in]):
            assert client.get(url).status_code == 200


# 5. Escaping ------------------------------------------------------------------------------------


@pytest.fixture
def evil(places, condition):
    """A member named like an HTML tag, living (with two others) in a place named like a script."""
    villa = PlaceFactory(name=EVIL_PLACE, country_code="ES", latitude=41.0, longitude=-4.0, population=1_000)
    profile = make_member("evil", EVIL_NAME, villa)
    on_map(profile, condition)
    member_on(condition, "neighbour1", villa)
    member_on(condition, "neighbour2", villa)
    return {"profile": profile, "place": villa}


def table_html(html: str) -> str:
    return re.search(r'<table class="figures-table">.*?</table>', html, re.S).group(0)


class TestEscaping:
    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_the_map_page_and_its_table_never_carry_member_text_unescaped(self, evil, charlie, condition, signed_in):
        client = client_for(charlie) if signed_in else Client()
        for url in (map_url(condition), map_url(condition) + "?sort=country"):
            html = client.get(url).content.decode()
            for text in (html, table_html(html)):
                assert EVIL_NAME not in text
                assert "<img src=x" not in text
                assert "<script>alert" not in text
                assert "onerror=alert" not in text
            assert page_figures(client.get(url))["total"] == 3

    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_the_geojson_carries_the_place_name_as_data(self, evil, charlie, condition, signed_in):
        client = client_for(charlie) if signed_in else Client()
        response = client.get(geojson_url(condition))
        assert response["Content-Type"] == "application/geo+json"
        assert response["X-Content-Type-Options"] == "nosniff"
        data = json.loads(response.content)
        (feature,) = data["features"]
        assert feature["properties"]["label"] == EVIL_PLACE
        assert feature["properties"]["place"] == evil["place"].pk
        assert EVIL_NAME not in response.content.decode()

    def test_the_geojson_is_gzipped_when_asked(self, evil, client, condition):
        response = client.get(geojson_url(condition), HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        data = json.loads(gzip.decompress(response.content))
        assert data["features"][0]["properties"]["label"] == EVIL_PLACE

    def test_the_members_endpoint_returns_the_name_as_a_json_string(self, evil, charlie, condition):
        response = client_for(charlie).get(members_url(condition, evil["place"].pk))
        assert response["Content-Type"] == "application/json"
        names = [member["display_name"] for member in response.json()["results"]]
        assert EVIL_NAME in names
        assert names.count(EVIL_NAME) == 1

    def test_the_member_profile_page_escapes_name_and_place(self, evil, charlie):
        response = client_for(charlie).get(reverse("community:member", args=[evil["profile"].public_id]))
        html = response.content.decode()
        assert response.status_code == 200
        assert EVIL_NAME not in html
        assert "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "&lt;script&gt;" in html


# 6. API schema ----------------------------------------------------------------------------------


class TestSchema:
    def test_the_schema_documents_the_map_and_its_member_lists(self, client, db):
        response = client.get("/api/schema/")
        assert response.status_code == 200
        document = yaml.safe_load(response.content)
        paths = document["paths"]
        geojson = paths["/api/conditions/{slug}/map/"]["get"]
        assert "GeoJSON" in geojson["summary"]
        description = geojson["responses"]["200"]["description"]
        for word in ("total", "countries", "roles", "min_group", "members_url"):
            assert word in description
        members = paths["/api/conditions/{slug}/map/places/{place_id}/members/"]["get"]
        assert {parameter["name"] for parameter in members["parameters"]} >= {"slug", "place_id", "page"}
        schema_ref = members["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = document["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
        assert {"count", "next", "previous", "results"} <= set(page["properties"])
        item_ref = page["properties"]["results"]["items"]["$ref"]
        item = document["components"]["schemas"][item_ref.rsplit("/", 1)[-1]]
        assert set(item["properties"]) == {"display_name", "role", "profile_url"}
