"""Each process keeps the places of the maps it drew and brings them up to date from the cells that
changed (community/maps/kept.py): after any kind of change, the map's data is the same as if it were
drawn afresh, for both audiences, and after one join only the changed cells are read (issue 13, item 3).
tests/settings.py keeps every map, however small, so every test of the map's freshness goes through here."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.demo import create_demo_members
from community.maps import kept
from community.maps.figures import Audience, fold, public_fold
from community.models import Membership, Place, PlaceCount, Profile, Role, Visibility
from community.models.totals import recount_all
from community.places.gazetteer import GazetteerPlace
from community.templatetags.community import preview_dots
from conditions.models import Condition
from tests.community.maps.helpers import geojson_url, member_on
from tests.community.members.helpers import PROFILE_URL, join_url, profile_data, role_url
from tests.concurrency import run_at_once
from tests.factories import ConditionFactory, MembershipFactory, PlaceFactory, client_for, make_member

pytestmark = pytest.mark.django_db

PLACE_FIELDS = ("name", "ascii_name", "country_code", "admin1", "latitude", "longitude", "population")


def places_url(condition) -> str:
    return reverse("api:condition-map-places", args=[condition.slug])


def map_data(condition, reader) -> dict:
    """The places data and the GeoJSON a reader gets, and the dots of the condition page's preview."""
    data = {}
    for url in (places_url(condition), geojson_url(condition)):
        response = reader.get(url)
        assert response.status_code == 200, url
        data[url] = response.json()
    data["preview"] = preview_dots(Condition.objects.get(pk=condition.pk))
    return data


def drawn_afresh(condition, reader) -> dict:
    kept.forget_all()
    cache.clear()
    return map_data(condition, reader)


@pytest.fixture
def readers(charlie):
    return {"visitor": Client(), "member": client_for(charlie)}


@pytest.fixture
def crowded(condition, places):
    """A map with enough people in Spain, Germany and Brazil for visitors to see places and folded groups."""
    for number in range(5):
        member_on(condition, f"valencian{number}", places["valencia"])
    for number in range(3):
        member_on(condition, f"village{number}", places["valdemoro"])
    for number in range(2):
        member_on(condition, f"munich{number}", places["munich"], visibility=Visibility.COUNTED)
    augsburg = PlaceFactory(name="Augsburg", country_code="DE", latitude=48.37, longitude=10.9, population=300_000)
    member_on(condition, "augsburg", augsburg)
    for number in range(3):
        member_on(condition, f"lone{number}", places["sao_paulo"], age_at_diagnosis=12 + number)
    return condition


def first_member(username: str) -> Profile:
    return Profile.objects.get(user__username=username)


def joining(condition, places):
    newcomer = make_member("newcomer", "Newcomer", places["valencia_ve"])
    assert client_for(newcomer.user).post(join_url(condition), {"role": Role.FAMILY}).status_code == 302


def leaving(condition, places):
    Membership.objects.get(member__user__username="lone0", condition=condition).delete()


def hiding(condition, places):
    profile = first_member("valencian0")
    profile.visibility = Visibility.HIDDEN
    profile.save()


def unlisting(condition, places):
    profile = first_member("valencian1")
    profile.visibility = Visibility.COUNTED
    profile.save()


def moving(condition, places):
    profile = first_member("munich0")
    assert (
        client_for(profile.user).post(PROFILE_URL, profile_data(profile, place=str(places["sao_paulo"].pk))).status_code
        == 302
    )


def changing_role(condition, places):
    user = first_member("valencian2").user
    assert (
        client_for(user).post(role_url(condition.slug), {f"{condition.slug}-role": Role.CAREGIVER}).status_code == 302
    )


def deleting_an_account(condition, places):
    get_user_model().objects.get(username="village0").delete()


def unconfirming_an_email(condition, places):
    address = EmailAddress.objects.get(user__username="valencian3")
    address.verified = False
    address.save()


def bulk_updating_then_copying(condition, places):
    Profile.objects.filter(user__username__startswith="valencian").update(place=places["munich"])  # no signal
    Membership.objects.all().copy_profiles()


def seeding(condition, places):
    create_demo_members(40, [condition])


def recounting(condition, places):
    """A bulk update sends no signal; counting again empties São Paulo's cell, which it deletes."""
    Membership.objects.filter(member__user__username__startswith="lone").update(visibility=Visibility.HIDDEN)
    recount_all(Condition.objects.filter(pk=condition.pk))


def reloading_the_gazetteer(condition, places, monkeypatch):
    """Valencia gets a new name and position, and Germany a city bigger than Munich, where its small groups go."""
    source = []
    for place in Place.objects.all():
        fields = {name: getattr(place, name) for name in ("geonameid", *PLACE_FIELDS)}
        if place.pk == places["valencia"].pk:
            fields |= {"name": "València", "latitude": 39.5, "longitude": -0.4}
        source.append(GazetteerPlace(**fields))
    berlin = {"geonameid": 2950159, "name": "Berlin", "ascii_name": "Berlin", "country_code": "DE", "admin1": "16"}
    source.append(GazetteerPlace(**berlin, latitude=52.52, longitude=13.41, population=9_000_000))
    monkeypatch.setattr("community.management.commands.load_places.gazetteer_places", lambda: source)
    call_command("load_places", stdout=StringIO())


CHANGES = [
    joining,
    leaving,
    hiding,
    unlisting,
    moving,
    changing_role,
    deleting_an_account,
    unconfirming_an_email,
    bulk_updating_then_copying,
    seeding,
    recounting,
]


class TestTheDataAfterAChangeIsTheDataDrawnAfresh:
    @pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
    def test_after(self, change, crowded, places, readers):
        before = {name: map_data(crowded, reader) for name, reader in readers.items()}
        assert kept.kept_maps() == [crowded.pk]
        change(crowded, places)
        patched = {name: map_data(crowded, reader) for name, reader in readers.items()}
        assert patched != before  # someone sees the change
        for name, reader in readers.items():
            assert patched[name] == drawn_afresh(crowded, reader), name

    def test_after_the_gazetteer_changes(self, crowded, places, readers, monkeypatch):
        for reader in readers.values():
            map_data(crowded, reader)
        reloading_the_gazetteer(crowded, places, monkeypatch)
        visitor = map_data(crowded, readers["visitor"])
        assert "València" in visitor[places_url(crowded)]["places"]["name"]
        (elsewhere_in_germany,) = [
            area for area in visitor[places_url(crowded)]["folded"] if area.get("country") == "DE"
        ]
        assert (elsewhere_in_germany["lat"], elsewhere_in_germany["lon"]) == (52.52, 13.41)  # Berlin now
        for name, reader in readers.items():
            assert map_data(crowded, reader) == drawn_afresh(crowded, reader), name

    def test_after_many_changes_between_two_drawings(self, crowded, places, readers):
        for reader in readers.values():
            map_data(crowded, reader)
        for change in (joining, leaving, moving, hiding):
            change(crowded, places)
        for name, reader in readers.items():
            assert map_data(crowded, reader) == drawn_afresh(crowded, reader), name


class TestOneJoin:
    def test_stamps_the_cells_it_changes_with_the_new_map_version(self, crowded, places):
        before = dict(PlaceCount.objects.filter(condition=crowded).values_list("place_id", "version"))
        joining(crowded, places)
        version = Condition.objects.get(pk=crowded.pk).map_version
        after = dict(PlaceCount.objects.filter(condition=crowded).values_list("place_id", "version"))
        assert after.pop(places["valencia_ve"].pk) == version
        before.pop(places["valencia_ve"].pk, None)
        assert after == before

    def test_reads_only_the_cells_that_changed(self, crowded, places, readers):
        for reader in readers.values():
            map_data(crowded, reader)
        joining(crowded, places)
        with CaptureQueriesContext(connection) as queries:
            map_data(crowded, readers["visitor"])
        cells = [query["sql"] for query in queries if "community_placecount" in query["sql"]]
        assert len(cells) == 1 and '"version" >' in cells[0], cells
        drawing = kept.drawing_of(Condition.objects.get(pk=crowded.pk))
        assert sum(drawing.totals.values()) == 15


@pytest.mark.django_db(transaction=True)
def test_joins_and_moves_at_once_are_all_drawn(condition, places, readers):
    movers = [make_member(f"mover{number}", f"Traveller {'ABC'[number]}", places["munich"]) for number in range(3)]
    for mover in movers:
        MembershipFactory(member=mover, condition=condition)
    map_data(condition, readers["visitor"])
    joiners = [make_member(f"joiner{number}", f"Joiner {number}", places["sao_paulo"]) for number in range(6)]
    joins = [
        lambda user=profile.user: client_for(user).post(join_url(condition), {"role": Role.PATIENT})
        for profile in joiners
    ]
    moves = [
        lambda profile=profile: client_for(profile.user).post(
            PROFILE_URL, profile_data(profile, place=str(places["valencia"].pk))
        )
        for profile in movers
    ]
    draws = [lambda: Client().get(places_url(condition)) for _ in range(3)]
    results = run_at_once(joins + moves + draws)
    assert sorted(results) == [200] * 3 + [302] * 9, results
    data = map_data(condition, readers["visitor"])
    assert data[places_url(condition)]["total"] == 9
    assert data == drawn_afresh(condition, readers["visitor"])


class TestWhatAProcessKeeps:
    def test_at_most_the_last_maps_drawn(self, crowded, places, readers, settings):
        settings.MAP_KEPT_MAPS = 2
        others = [ConditionFactory(name=f"Other condition {number}") for number in range(2)]
        for other in others:
            member_on(other, f"member_of_{other.pk}", places["munich"])
        for condition in (crowded, *others):
            map_data(condition, readers["visitor"])
        assert kept.kept_maps() == [other.pk for other in others]

    def test_no_small_map(self, crowded, condition, readers, settings):
        settings.MAP_KEPT_MIN_PLACES = 6  # the map has 5 places
        map_data(crowded, readers["visitor"])
        assert kept.kept_maps() == []

    def test_a_new_condition_with_the_id_of_a_deleted_one_is_drawn_whole(self, places, readers):
        gone = ConditionFactory(name="Deleted condition")
        member_on(gone, "early", places["valencia"])
        map_data(gone, readers["visitor"])
        old_id, old_slug = gone.pk, gone.slug
        gone.delete()
        reborn = ConditionFactory(pk=old_id, name="Reborn condition", slug=old_slug)
        for number in range(4):
            member_on(reborn, f"reborn{number}", places["munich"])
        assert Condition.objects.get(pk=old_id).map_version > 1
        data = map_data(reborn, readers["visitor"])
        assert data[places_url(reborn)]["total"] == 4
        assert data == drawn_afresh(reborn, readers["visitor"])


def test_a_lone_place_added_by_a_stranger_never_shows_a_raw_point(crowded, places, readers):
    """A place with one member appears, patched in, only folded for visitors, like when drawn whole."""
    remote = PlaceFactory(name="<script>alert(1)</script>", country_code="ES", latitude=28.1, longitude=-15.4)
    member_on(crowded, "remote", remote)
    visitor = map_data(crowded, readers["visitor"])[places_url(crowded)]
    assert "<script>alert(1)</script>" not in visitor["places"]["name"]
    assert all(round(lat) != 28 for lat in (area["lat"] for area in visitor["folded"]))


def test_the_folded_groups_do_not_depend_on_the_order_of_the_countries():
    """A drawing brought up to date lists its countries in another order than one read whole."""
    totals = {"ES": 8, "DE": 3, "JP": 1, "CN": 1, "IN": 1, "BR": 3, "PE": 1}
    orders = [dict(sorted(totals.items())), dict(sorted(totals.items(), reverse=True))]
    folded = [public_fold(order, 3, lambda code: 0, lambda codes: {})[1] for order in orders]
    assert [marker.continent for marker in folded[0]] == ["AS", "SA"]
    assert folded[0] == folded[1]


@pytest.mark.parametrize("audience", list(Audience))
def test_the_kept_markers_are_those_fold_makes_of_the_cells(crowded, places, audience, settings):
    """In the same order, whole or only the first few (the preview's dots), before and after changes."""
    settings.MAP_MIN_GROUP = 2
    places["valdemoro"].name = "São Paulo"  # members: equal counts and labels in two countries, by place id
    places["valdemoro"].save()
    for change in (None, joining, moving, hiding):
        if change:
            change(crowded, places)
        condition = Condition.objects.get(pk=crowded.pk)
        cells = sorted(kept.place_cells(condition), key=lambda cell: cell.place_id)
        expected = fold(cells, audience, settings.MAP_MIN_GROUP, anchors=kept.drawing_of(condition).anchors_of)
        assert kept.markers_for(condition, audience) == expected
        assert [kept.first_markers(condition, audience, count) for count in (1, 3)] == [expected[:1], expected[:3]]
    if audience == Audience.MEMBERS:
        assert len({marker.label for marker in expected}) < len(expected), "no labels alike"
