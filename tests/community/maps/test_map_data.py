"""The data behind the map page: the compact places endpoint agrees with the GeoJSON API for each
audience, keeps hidden members out, and each membership's copy of its member's place, country, age
and visibility stays true to the profile whatever changes it."""

from __future__ import annotations

import gzip
import json
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from community.management.commands.load_places import PLACE_FIELDS
from community.maps.figures import Audience, summary_for
from community.models import Membership, Place, Profile, Visibility
from community.places.gazetteer import GazetteerPlace
from conditions.models import Condition
from tests.community.maps.helpers import EVIL_PLACE, geojson_url, member_on, members_url
from tests.factories import ConditionFactory, MembershipFactory, PlaceFactory, client_for, make_member

pytestmark = pytest.mark.django_db


def places_url(condition) -> str:
    return reverse("api:condition-map-places", args=[condition.slug])


def undelta(values: list[int]) -> list[int]:
    total, decoded = 0, []
    for value in values:
        total += value
        decoded.append(total)
    return decoded


def decoded_places(data: dict) -> list[dict]:
    """The compact columns back as one dict per place, as static/js/condition-map.js reads them."""
    columns, scale = data["places"], data["scale"]
    rows = []
    lats, lons = undelta(columns["lat"]), undelta(columns["lon"])
    ids = undelta(columns["id"]) if "id" in columns else [None] * len(lats)
    for index, count in enumerate(columns["count"]):
        row = {"lat": lats[index] / scale, "lon": lons[index] / scale, "count": count, "id": ids[index]}
        if "name" in columns:
            row["name"] = columns["name"][index]
        if "listed" in columns:
            row["listed"] = columns["listed"][index]
        rows.append(row)
    return rows


def get_places(client, condition) -> dict:
    response = client.get(places_url(condition))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def spread(places, condition):
    """Valencia (Spain) 3 listed + 1 counted + 1 hidden; Munich 1 listed; Valencia (Venezuela) 2 hidden
        only; São Paulo 3 counted. 8 people in the figures; the public sees São Paulo, and "Elsewhere in
    Europe" 5: Munich's 1 is too few for Germany, and Spain beside it would give it away."""
    for number in range(3):
        member_on(condition, f"es{number}", places["valencia"])
    member_on(condition, "es-counted", places["valencia"], visibility=Visibility.COUNTED)
    member_on(condition, "es-hidden", places["valencia"], visibility=Visibility.HIDDEN)
    member_on(condition, "de0", places["munich"])
    for number in range(2):
        member_on(condition, f"ve-hidden{number}", places["valencia_ve"], visibility=Visibility.HIDDEN)
    for number in range(3):
        member_on(condition, f"br{number}", places["sao_paulo"], visibility=Visibility.COUNTED)
    return condition


class TestCompactPlaces:
    def test_the_public_gets_names_and_counts_but_no_ids_or_member_links(self, client, spread, places):
        data = get_places(client, spread)
        assert data["audience"] == "public"
        assert "id" not in data["places"] and "listed" not in data["places"]
        assert "members_url" not in data
        rows = decoded_places(data)
        assert {row["name"]: row["count"] for row in rows} == {"São Paulo": 3}
        assert all(row["id"] is None for row in rows)
        (folded,) = data["folded"]
        assert (folded["continent"], folded["label"], folded["count"]) == ("EU", "Elsewhere in Europe", 5)
        assert str(places["munich"].pk) not in json.dumps(folded)

    def test_members_get_ids_listed_counts_and_the_member_list_link(self, charlie, spread, places):
        client = client_for(charlie)
        data = get_places(client, spread)
        assert data["audience"] == "members"
        assert "name" not in data["places"]
        assert data["folded"] == []
        by_id = {row["id"]: row for row in decoded_places(data)}
        assert {place_id: (row["count"], row["listed"]) for place_id, row in by_id.items()} == {
            places["valencia"].pk: (4, 3),
            places["munich"].pk: (1, 1),
            places["sao_paulo"].pk: (3, 0),
        }
        link = data["members_url"].replace("{id}", str(places["valencia"].pk))
        assert link == members_url(spread, places["valencia"].pk)
        listed = client.get(link).json()
        assert sorted(member["display_name"] for member in listed["results"]) == [
            "Member es0",
            "Member es1",
            "Member es2",
        ]

    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_the_compact_columns_say_what_the_geojson_says(self, charlie, spread, signed_in):
        client = client_for(charlie) if signed_in else Client()
        compact = get_places(client, spread)
        collection = json.loads(client.get(geojson_url(spread)).content)
        for key in ("audience", "total", "countries", "elsewhere", "roles", "min_group"):
            assert compact[key] == collection[key]
        from_geojson = sorted(
            (
                feature["properties"].get("place"),
                round(feature["geometry"]["coordinates"][1], 2),
                round(feature["geometry"]["coordinates"][0], 2),
                feature["properties"]["count"],
            )
            for feature in collection["features"]
            if "place" in feature["properties"]
        )
        from_compact = sorted((row["id"], row["lat"], row["lon"], row["count"]) for row in decoded_places(compact))
        if signed_in:
            assert from_compact == from_geojson
        else:  # no ids for the public: compare the rest
            assert [row[1:] for row in from_compact] == sorted(row[1:] for row in from_geojson)
        folded = [feature for feature in collection["features"] if "place" not in feature["properties"]]
        assert [(item.get("country"), item.get("continent"), item["count"]) for item in compact["folded"]] == [
            (
                feature["properties"].get("country"),
                feature["properties"].get("continent"),
                feature["properties"]["count"],
            )
            for feature in folded
        ]

    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_hidden_members_are_nowhere_and_everything_adds_up(self, charlie, spread, places, signed_in):
        client = client_for(charlie) if signed_in else Client()
        data = get_places(client, spread)
        rows = decoded_places(data)
        assert data["total"] == 8
        assert sum(row["count"] for row in rows) + sum(item["count"] for item in data["folded"]) == 8
        rows_by_country = [*data["countries"].values(), *data["elsewhere"]]
        assert sum(row["count"] for row in rows_by_country) == 8
        assert sum(data["roles"].values()) == 8
        assert "VE" not in {country["code"] for country in data["countries"].values()}
        assert places["valencia_ve"].pk not in {row["id"] for row in rows}
        assert all(round(row["lat"]) != round(places["valencia_ve"].latitude) for row in rows)

    def test_it_is_gzipped_only_for_clients_that_accept_gzip(self, client, spread):
        plain = client.get(places_url(spread))
        assert "Content-Encoding" not in plain
        squeezed = client.get(places_url(spread), HTTP_ACCEPT_ENCODING="br;q=1.0, gzip;q=0.8")
        assert squeezed["Content-Encoding"] == "gzip"
        assert gzip.decompress(squeezed.content) == plain.content
        for response in (plain, squeezed):
            vary = {part.strip() for part in response["Vary"].split(",")}
            assert {"Accept-Encoding", "Cookie"} <= vary

    def test_place_names_are_data_not_markup(self, client, condition):
        villa = PlaceFactory(name=EVIL_PLACE, country_code="ES", latitude=41.0, longitude=-4.0, population=1_000)
        for number in range(3):
            member_on(condition, f"villager{number}", villa)
        response = client.get(places_url(condition))
        assert response["X-Content-Type-Options"] == "nosniff"
        assert decoded_places(json.loads(response.content))[0]["name"] == EVIL_PLACE

    def test_unknown_and_unpublished_conditions_are_not_found(self, client, charlie, places):
        draft = ConditionFactory(name="Draft condition", is_published=False)
        member_on(draft, "early", places["valencia"])
        assert client.get(reverse("api:condition-map-places", args=["no-such-condition"])).status_code == 404
        assert client.get(places_url(draft)).status_code == 404
        assert client_for(charlie).get(places_url(draft)).status_code == 404

    def test_the_places_data_is_served_from_the_cache(self, client, spread, django_assert_num_queries):
        first = client.get(places_url(spread))
        with django_assert_num_queries(1):  # the condition; the data comes from the cache
            second = client.get(places_url(spread))
        assert second.content == first.content


class TestPlaceMembers:
    def test_the_member_list_names_its_place(self, charlie, spread, places):
        valencia = places["valencia"]
        data = client_for(charlie).get(members_url(spread, valencia.pk)).json()
        assert data["place"] == {"id": valencia.pk, "name": "Valencia", "label": valencia.label}
        assert data["place"]["label"].startswith("Valencia, ") and data["place"]["label"].endswith("Spain")
        assert data["count"] == 3

    def test_a_forged_place_id_is_not_found(self, charlie, spread):
        assert client_for(charlie).get(members_url(spread, 999_999_999)).status_code == 404

    def test_strangers_who_are_not_signed_in_get_no_names(self, client, spread, places):
        response = client.get(members_url(spread, places["valencia"].pk))
        assert response.status_code in (401, 403)
        assert "Member es0" not in response.content.decode()


class TestTheMembershipCopy:
    """Each membership copies its member's place, country, age and effective visibility, so the map
    is counted from memberships alone. The copy must follow every change to the profile."""

    def test_an_age_change_reaches_the_chart(self, condition, places):
        memberships = [
            member_on(condition, f"aged{number}", places["valencia"], age_at_diagnosis=30) for number in range(10)
        ]
        assert dict(summary_for(Condition.objects.get(pk=condition.pk), Audience.MEMBERS).ages)["20–39"] == 10
        profile = memberships[0].member
        profile.age_at_diagnosis = 5
        profile.save()
        assert Membership.objects.get(pk=memberships[0].pk).age_at_diagnosis == 5
        ages = dict(summary_for(Condition.objects.get(pk=condition.pk), Audience.MEMBERS).ages)
        assert (ages["1–9"], ages["20–39"]) == (1, 9)

    def test_a_place_that_changes_country_in_the_gazetteer_moves_its_members(self, client, monkeypatch, condition):
        disputed = PlaceFactory(name="Borderton", country_code="ES", latitude=42.5, longitude=1.5, population=20_000)
        for number in range(3):
            member_on(condition, f"border{number}", disputed)
        assert {country["code"] for country in get_places(client, condition)["countries"].values()} == {"ES"}
        moved = GazetteerPlace(
            **{name: getattr(disputed, name) for name in ("geonameid", *PLACE_FIELDS)} | {"country_code": "AD"}
        )
        source = [
            moved
            if place.pk == disputed.pk
            else GazetteerPlace(**{name: getattr(place, name) for name in ("geonameid", *PLACE_FIELDS)})
            for place in Place.objects.all()
        ]
        monkeypatch.setattr("community.management.commands.load_places.gazetteer_places", lambda: source)
        call_command("load_places", stdout=StringIO())
        assert set(Membership.objects.filter(condition=condition).values_list("country_code", flat=True)) == {"AD"}
        data = get_places(client, condition)
        assert [(country["code"], country["count"]) for country in data["countries"].values()] == [("AD", 3)]

    def test_signing_in_leaves_the_maps_alone(self, condition, places):
        membership = member_on(condition, "regular", places["valencia"])
        user = membership.member.user
        before = Condition.objects.get(pk=condition.pk).map_version
        Client().force_login(user)  # saves last_login
        user.set_password("a new long passphrase")
        user.save(update_fields=["password"])
        assert Condition.objects.get(pk=condition.pk).map_version == before

    def test_a_real_account_change_redraws_the_map(self, condition, places):
        membership = member_on(condition, "leaver", places["valencia"])
        before = Condition.objects.get(pk=condition.pk).map_version
        user = get_user_model().objects.get(pk=membership.member.user_id)
        user.is_active = False
        user.save()
        assert Membership.objects.get(pk=membership.pk).visibility == Visibility.HIDDEN
        assert Condition.objects.get(pk=condition.pk).map_version > before

    def test_copy_profiles_repairs_a_copy_left_stale_by_a_bulk_update(self, condition, places):
        memberships = [member_on(condition, f"bulk{number}", places["valencia"]) for number in range(4)]
        other = ConditionFactory(name="Another condition")
        MembershipFactory(member=memberships[0].member, condition=other)
        Profile.objects.filter(memberships__condition=condition).update(
            place=places["munich"], visibility=Visibility.COUNTED
        )
        stale = Membership.objects.filter(condition=condition)
        assert set(stale.values_list("country_code", flat=True)) == {"ES"}  # a bulk update sends no signal
        assert Membership.objects.all().copy_profiles() == 5
        assert set(Membership.objects.values_list("place", "country_code", "visibility")) == {
            (places["munich"].pk, "DE", Visibility.COUNTED)
        }

    def test_a_member_on_two_conditions_is_copied_onto_both(self, condition, places):
        membership = member_on(condition, "twice", places["valencia"])
        other = ConditionFactory(name="Second condition")
        MembershipFactory(member=membership.member, condition=other)
        profile = membership.member
        profile.place = places["sao_paulo"]
        profile.visibility = Visibility.COUNTED
        profile.save()
        assert set(
            Membership.objects.filter(member=profile).values_list("condition", "country_code", "visibility")
        ) == {
            (condition.pk, "BR", Visibility.COUNTED),
            (other.pk, "BR", Visibility.COUNTED),
        }


class TestTheFoliumMap:
    """folium's map is rendered once per process and shared by every condition: each page must
    still load its own condition's data, with the tiles the settings name at the time."""

    def test_each_condition_page_loads_its_own_data(self, client, condition, places):
        other = ConditionFactory(name="Another rare condition")
        for each in (condition, other):
            member_on(each, f"on-{each.slug}", places["valencia"])
        first = client.get(reverse("condition_map", args=[condition.slug])).content.decode()
        second = client.get(reverse("condition_map", args=[other.slug])).content.decode()
        assert f'"dataUrl": "{places_url(condition)}"' in first
        assert places_url(other) not in first
        assert f'"dataUrl": "{places_url(other)}"' in second
        assert places_url(condition) not in second

    def test_a_change_of_tiles_is_seen_at_once(self, client, condition, settings):
        url = reverse("condition_map", args=[condition.slug])
        settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
        assert "tiles.example.org" in client.get(url).content.decode()
        cache.clear()  # the page cache; the folium map is keyed by its settings
        settings.MAP_TILES_URL = ""
        html = client.get(url).content.decode()
        assert "tiles.example.org" not in html
        assert "L.tileLayer" not in html


class TestTheFiguresAroundTheMap:
    def test_role_counts_read_as_english(self, charlie, condition, places):
        client = client_for(charlie)  # members see every role, however few
        member_on(condition, "only", places["valencia"])
        html = client.get(reverse("condition_map", args=[condition.slug])).content.decode()
        assert "<strong>1</strong> person with the condition" in html
        member_on(condition, "second", places["valencia"])
        MembershipFactory(member=make_member("kin", "Kin", places["munich"]), condition=condition, role="family")
        html = client.get(reverse("condition_map", args=[condition.slug])).content.decode()
        assert "<strong>2</strong> people with the condition" in html
        assert "<strong>1</strong> family member or friend" in html

    def test_the_chart_is_text_with_bars_beside_it(self, charlie, condition, places):
        client = client_for(charlie)
        for number in range(3):
            member_on(condition, f"patient{number}", places["valencia"])
        MembershipFactory(
            member=make_member("carer", "Carer", places["valencia"]), condition=condition, role="caregiver"
        )
        html = client.get(reverse("condition_map", args=[condition.slug])).content.decode()
        chart = html[html.index('<figure class="bar-chart" id="roles-chart">') :]
        chart = chart[: chart.index("</figure>")]
        rows = re.findall(
            r'<th scope="row" class="bar-chart__label">([^<]*)</th>'
            r'.*?<rect width="(\d+)".*?<td class="bar-chart__value">(\d+)</td>',
            chart,
            re.S,
        )
        assert ("Person with the condition", "100", "3") in rows
        assert ("Caregiver", "33", "1") in rows
        assert ("Researcher", "0", "0") in rows
        assert 'aria-hidden="true"' in chart  # the bars are decoration: the numbers are text
