"""Who is visible to whom on a condition's map: which members count, what the public and signed-in members
see, and whose profile opens."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from community.models import Visibility
from tests.community.maps.helpers import (
    geojson_figures,
    geojson_url,
    get_geojson,
    map_url,
    member_on,
    members_url,
    on_map,
    page_figures,
    read_geojson,
    unverified_member,
)
from tests.factories import ConditionFactory, client_for, make_member

pytestmark = pytest.mark.django_db


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
