"""The map's counts (people by place, by country and role, by age) are kept as memberships change, so that
after one join the places data is drawn without counting the members again, and they stay true after
every kind of change, on SQLite and PostgreSQL, even with joins at once (issue 13, item 3)."""

from __future__ import annotations

from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.demo import create_demo_members
from community.models import AgeCount, Membership, PlaceCount, Profile, Role, RoleCount, Visibility
from conditions.models import Condition
from tests.community.maps.helpers import geojson_url
from tests.community.members.helpers import PROFILE_URL, join_url, leave_url, profile_data, role_url
from tests.concurrency import run_at_once
from tests.factories import PASSWORD, ConditionFactory, MembershipFactory, client_for, make_member, verify_email

pytestmark = pytest.mark.django_db

PLACES_DATA_QUERIES = 5  # the condition, the roles, the ages, the places, the countries' anchors
SIGNED_IN_QUERIES = 2  # the session and the user


def places_url(condition) -> str:
    return reverse("api:condition-map-places", args=[condition.slug])


def kept_counts(condition) -> dict:
    """The counts kept for a condition's map, without the empty ones."""
    return {
        "places": {
            place: (people, listed)
            for place, people, listed in PlaceCount.objects.filter(condition=condition).values_list(
                "place_id", "people", "listed"
            )
            if people or listed
        },
        "roles": {
            (code, role): people
            for code, role, people in RoleCount.objects.filter(condition=condition).values_list(
                "country_code", "role", "people"
            )
            if people
        },
        "ages": {
            age: people
            for age, people in AgeCount.objects.filter(condition=condition).values_list("age_at_diagnosis", "people")
            if people
        },
    }


def counts_afresh(condition) -> dict:
    """The same counts, counted from every membership."""
    counted = list(
        Membership.objects.counted()
        .filter(condition=condition)
        .values_list("place_id", "country_code", "role", "age_at_diagnosis", "visibility")
    )
    people = Counter(row[0] for row in counted)
    listed = Counter(row[0] for row in counted if row[4] == Visibility.LISTED)
    return {
        "places": {place: (count, listed[place]) for place, count in people.items()},
        "roles": dict(Counter((row[1], row[2]) for row in counted)),
        "ages": dict(Counter(row[3] for row in counted if row[3] is not None)),
    }


def assert_counts_true(*conditions) -> None:
    for condition in conditions:
        assert kept_counts(condition) == counts_afresh(condition), condition.name


@pytest.fixture
def two_maps(condition, members, places):
    """alice and bob in Valencia on the condition's map, alice on a second map too, with an age."""
    alice, _bob = members
    other = ConditionFactory(name="Alport syndrome")
    MembershipFactory(member=alice, condition=other)
    aged = make_member("aged", "Aged member", places["munich"], age_at_diagnosis=34, visibility=Visibility.COUNTED)
    MembershipFactory(member=aged, condition=condition)
    return condition, other


class TestAfterOneJoin:
    def test_the_places_data_is_drawn_without_counting_the_members(
        self, two_maps, places, charlie, django_assert_max_num_queries
    ):
        condition = two_maps[0]
        readers = [Client(), client_for(charlie)]
        for reader in readers:
            assert reader.get(places_url(condition)).status_code == 200
        newcomer = make_member("newcomer", "Newcomer", places["valencia_ve"])
        assert client_for(newcomer.user).post(join_url(condition), {"role": Role.PATIENT}).status_code == 302

        for reader, signing_in in zip(readers, [0, SIGNED_IN_QUERIES], strict=True):
            for url in (places_url(condition), geojson_url(condition)):
                with (
                    django_assert_max_num_queries(PLACES_DATA_QUERIES + signing_in),
                    CaptureQueriesContext(connection) as queries,
                ):
                    response = reader.get(url)
                assert response.status_code == 200
                assert [query["sql"] for query in queries if "community_membership" in query["sql"]] == []
                assert response.json()["total"] == 4  # fresh: the newcomer is counted
        assert_counts_true(*two_maps)


def deactivate(user) -> None:
    user.is_active = False
    user.save()


class TestCountsFollowEveryChange:
    def test_to_begin_with(self, two_maps):
        assert kept_counts(two_maps[0])["places"]  # there is something to compare
        assert_counts_true(*two_maps)

    def test_join(self, two_maps, places):
        newcomer = make_member("newcomer", "Newcomer", places["sao_paulo"], age_at_diagnosis=3)
        assert client_for(newcomer.user).post(join_url(two_maps[1]), {"role": Role.FAMILY}).status_code == 302
        assert kept_counts(two_maps[1])["places"][places["sao_paulo"].pk] == (1, 1)
        assert_counts_true(*two_maps)

    def test_joining_twice_counts_once(self, two_maps, bob):
        for _attempt in range(2):
            client_for(bob).post(join_url(two_maps[1]), {"role": Role.PATIENT})
        assert_counts_true(*two_maps)

    def test_leave(self, two_maps, alice, places):
        client_for(alice).post(leave_url(two_maps[0].slug))
        assert kept_counts(two_maps[0])["places"] == {places["valencia"].pk: (1, 1), places["munich"].pk: (1, 0)}
        assert_counts_true(*two_maps)

    @pytest.mark.parametrize("visibility", [Visibility.HIDDEN, Visibility.COUNTED, Visibility.LISTED])
    def test_visibility_changes(self, two_maps, alice, visibility):
        profile = Profile.objects.get(user=alice)
        assert client_for(alice).post(PROFILE_URL, profile_data(profile, visibility=visibility)).status_code == 302
        assert_counts_true(*two_maps)
        profile.refresh_from_db()
        client_for(alice).post(PROFILE_URL, profile_data(profile, visibility=Visibility.LISTED))
        assert_counts_true(*two_maps)

    def test_place_and_age_change(self, two_maps, alice, places):
        profile = Profile.objects.get(user=alice)
        edit = profile_data(profile, place=str(places["munich"].pk), age_at_diagnosis="12")
        assert client_for(alice).post(PROFILE_URL, edit).status_code == 302
        assert kept_counts(two_maps[1])["places"] == {places["munich"].pk: (1, 1)}
        assert kept_counts(two_maps[1])["roles"] == {("DE", Role.PATIENT): 1}
        assert_counts_true(*two_maps)

    def test_role_change(self, two_maps, bob):
        slug = two_maps[0].slug
        assert client_for(bob).post(role_url(slug), {f"{slug}-role": Role.CAREGIVER}).status_code == 302
        assert kept_counts(two_maps[0])["roles"][("ES", Role.CAREGIVER)] == 1
        assert_counts_true(*two_maps)

    def test_account_deletion(self, two_maps, alice):
        response = client_for(alice).post(reverse("community:delete_account"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        assert kept_counts(two_maps[1]) == {"places": {}, "roles": {}, "ages": {}}
        assert_counts_true(*two_maps)

    def test_deactivating_and_confirming_an_email(self, two_maps, bob, places):
        deactivate(bob)
        assert_counts_true(*two_maps)
        late = make_member("late", "Late confirmer", places["valencia"])
        late.user.emailaddress_set.update(verified=False)
        late.save()
        MembershipFactory(member=late, condition=two_maps[0])
        assert_counts_true(*two_maps)
        verify_email(late.user)
        assert_counts_true(*two_maps)
        EmailAddress.objects.filter(user=late.user).delete()
        assert_counts_true(*two_maps)

    def test_withdrawing_and_publishing_a_condition(self, two_maps):
        before = kept_counts(two_maps[1])
        two_maps[1].is_published = False
        two_maps[1].save()
        two_maps[1].is_published = True
        two_maps[1].save()
        assert kept_counts(two_maps[1]) == before
        assert_counts_true(*two_maps)

    def test_deleting_a_condition_takes_its_counts(self, two_maps):
        Condition.objects.filter(pk=two_maps[1].pk).delete()
        assert not PlaceCount.objects.filter(condition_id=two_maps[1].pk).exists()
        assert_counts_true(two_maps[0])

    def test_bulk_seed(self, two_maps):
        create_demo_members(300, list(two_maps))
        assert sum(people for people, _listed in kept_counts(two_maps[0])["places"].values()) > 250
        assert_counts_true(*two_maps)

    def test_copy_profiles_after_a_bulk_update(self, two_maps, places):
        Profile.objects.update(place=places["sao_paulo"], visibility=Visibility.COUNTED)  # no signal
        Membership.objects.all().copy_profiles()
        assert kept_counts(two_maps[0])["places"] == {places["sao_paulo"].pk: (3, 0)}
        assert_counts_true(*two_maps)

    def test_a_stranger_leaving_a_map_they_are_not_on_changes_nothing(self, two_maps, charlie):
        before = kept_counts(two_maps[0])
        stranger = client_for(charlie)
        assert stranger.delete(reverse("api:my-membership", args=[two_maps[0].slug])).status_code == 404
        stranger.post(leave_url(two_maps[0].slug))
        stranger.post("/community/memberships/%3Cscript%3E/leave/")
        assert kept_counts(two_maps[0]) == before


def test_the_migration_counts_existing_memberships(two_maps):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("community.migrations.0009_map_counts")
    for model in (PlaceCount, RoleCount, AgeCount):
        model.objects.all().delete()
    migration.count_existing_memberships(apps, None)
    assert_counts_true(*two_maps)


@pytest.mark.django_db(transaction=True)
def test_joins_and_moves_at_once_lose_no_count(condition, places):
    """Eight newcomers join at a place with no count yet while two members move there and one moves away."""
    movers = [make_member(f"mover{number}", f"Traveller {'ABC'[number]}", places["munich"]) for number in range(3)]
    for mover in movers:
        MembershipFactory(member=mover, condition=condition)
    joiners = [make_member(f"joiner{number}", f"Joiner {number}", places["sao_paulo"]) for number in range(8)]
    joins = [
        lambda user=profile.user: client_for(user).post(join_url(condition), {"role": Role.PATIENT})
        for profile in joiners
    ]
    moves = [
        lambda profile=profile, place=place: client_for(profile.user).post(
            PROFILE_URL, profile_data(profile, place=str(place.pk))
        )
        for profile, place in zip(movers, [places["sao_paulo"], places["sao_paulo"], places["valencia"]], strict=True)
    ]
    results = run_at_once(joins + moves)
    assert results == [302] * len(results), results
    assert kept_counts(condition)["places"] == {places["sao_paulo"].pk: (10, 10), places["valencia"].pk: (1, 1)}
    assert_counts_true(condition)
    assert Condition.objects.get(pk=condition.pk).map_people == 11


def test_no_member_is_ever_counted_below_zero(two_maps, alice):
    get_user_model().objects.filter(pk=alice.pk).get().delete()
    assert not PlaceCount.objects.filter(people__lt=0).exists()
    assert not RoleCount.objects.filter(people__lt=0).exists()
    assert_counts_true(*two_maps)
