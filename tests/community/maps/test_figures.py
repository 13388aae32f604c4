"""The figures of a condition's map: aggregation and folding of small places, real members' figures per
audience, and the country anchors after a gazetteer refresh."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from community.management.commands.load_places import PLACE_FIELDS
from community.maps.figures import Audience, country_anchors
from community.models import Place, Role, Visibility
from community.places.gazetteer import GazetteerPlace
from conditions.models import Condition
from tests.community.maps.helpers import (
    apply_audience,
    assert_figures_add_up,
    figures_for,
    geojson_figures,
    get_geojson,
    map_url,
    marker_for,
    member_on,
    on_map,
    page_figures,
    place_count,
    raw,
)
from tests.factories import ConditionFactory, PlaceFactory, UserFactory, client_for, make_member

pytestmark = pytest.mark.django_db


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
