"""The map shows every change at once: the page and the GeoJSON caches never go stale, and members never get
the public's cached page."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from community.models import Membership, Visibility
from tests.community.maps.helpers import (
    geojson_url,
    get_geojson,
    map_url,
    member_on,
    on_map,
    page_figures,
    read_geojson,
    read_page,
    unverified_member,
)
from tests.factories import client_for

pytestmark = pytest.mark.django_db


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
