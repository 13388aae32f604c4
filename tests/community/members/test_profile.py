"""One's own profile page: editing it, its list of maps, no other member's email anywhere, and its cost."""

from __future__ import annotations

import re
from datetime import date

import pytest

from community.models import Role, Visibility
from tests.community.members.helpers import (
    ESCAPED_XSS,
    PROFILE_URL,
    XSS,
    join_url,
    leave_url,
    on_map,
    people_shown,
    profile_data,
    role_url,
    snapshot,
)
from tests.factories import ConditionFactory, MembershipFactory, make_member

pytestmark = pytest.mark.django_db


# Profile page ------------------------------------------------------------------------------


class TestProfilePage:
    def test_a_member_edits_their_profile(self, client, alice, places):
        client.force_login(alice)
        data = profile_data(
            alice.profile,
            display_name="Alicia M.",
            role=Role.RESEARCHER,
            place=str(places["munich"].pk),
            visibility=Visibility.COUNTED,
            about="Diagnosed in 2010; happy to talk.",
            birth_year="1980",
        )
        response = client.post(PROFILE_URL, data, follow=True)
        assert response.redirect_chain == [(PROFILE_URL, 302)]
        html = response.content.decode()
        assert "Your profile is saved." in html
        assert "Other members know you as <strong>Alicia M.</strong>" in html
        assert "Diagnosed in 2010; happy to talk." in html
        assert snapshot(alice.profile) == {
            "display_name": "Alicia M.",
            "role": Role.RESEARCHER,
            "place_id": places["munich"].pk,
            "visibility": Visibility.COUNTED,
            "sex": "",
            "birth_year": 1980,
            "about": "Diagnosed in 2010; happy to talk.",
        }

    def test_the_profile_page_lists_my_maps(self, client, alice, condition):
        other = ConditionFactory(name="Alport syndrome")
        on_map(alice, condition)
        on_map(alice, other)
        client.force_login(alice)
        html = client.get(PROFILE_URL).content.decode()
        assert html.index("Alport syndrome") < html.index("Neonatal hemochromatosis")
        assert f'href="{leave_url(condition.slug)}"' in html  # which asks first
        assert f'action="{role_url(other.slug)}"' in html

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"place": "999999999"}, "place", "That place is not in our list."),
            ({"place": "40.1,-3.2"}, "place", "That place is not in our list."),
            ({"place": "-1"}, "place", "That place is not in our list."),
            ({"about": "x" * 1001}, "about", "at most 1000 characters"),
            ({"birth_year": str(date.today().year + 1)}, "birth_year", "cannot be in the future"),
            ({"birth_year": "1850"}, "birth_year", "greater than or equal to 1900"),
            ({"age_at_diagnosis": "200"}, "age_at_diagnosis", "less than or equal to 120"),
            ({"display_name": "Bob b."}, "display_name", "This display name is taken."),
            ({"display_name": "alice@example.org"}, "display_name", "not your email address"),
            ({"display_name": "A"}, "display_name", "at least 2 characters"),
            ({"role": "overlord"}, "role", "Select a valid choice."),
            ({"visibility": "everyone"}, "visibility", "Select a valid choice."),
        ],
    )
    def test_invalid_input_is_refused_and_nothing_changes(self, client, alice, bob, places, changes, field, message):
        before = snapshot(alice.profile)
        client.force_login(alice)
        response = client.post(PROFILE_URL, profile_data(alice.profile, **{"about": "changed", **changes}))
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors[field])
        assert message in errors
        assert snapshot(alice.profile) == before

    @pytest.mark.parametrize(
        "coordinates",
        [
            {"latitude": "39.47", "longitude": "-0.38"},
            {"lat": "39.47", "lng": "-0.38"},
            {"location": "39.47,-0.38"},
        ],
    )
    def test_coordinates_are_refused_even_with_a_valid_place(self, client, alice, places, coordinates):
        before = snapshot(alice.profile)
        client.force_login(alice)
        data = profile_data(alice.profile, place=str(places["munich"].pk), about="moved", **coordinates)
        response = client.post(PROFILE_URL, data)
        assert response.status_code == 200
        assert "coordinates are not accepted" in " ".join(response.context["form"].non_field_errors())
        assert "coordinates are not accepted" in response.content.decode()
        assert snapshot(alice.profile) == before

    def test_script_in_display_name_and_about_is_escaped(self, client, alice, condition, alice_on_the_map):
        client.force_login(alice)
        response = client.post(PROFILE_URL, profile_data(alice.profile, display_name=XSS, about=XSS), follow=True)
        assert response.status_code == 200
        alice.profile.refresh_from_db()
        assert alice.profile.display_name == XSS
        assert alice.profile.about == XSS
        for page in (response, client.get(condition.get_absolute_url())):
            html = page.content.decode()
            assert XSS not in html
            assert ESCAPED_XSS in html
        assert "You are on this map." in client.get(condition.get_absolute_url()).content.decode()

    def test_my_place_is_offered_alone_until_i_ask_for_its_countrys_towns(self, client, alice, places):
        """A country can have thousands of towns: the page does not list them all on every visit."""
        client.force_login(alice)  # alice lives in Valencia
        html = client.get(PROFILE_URL).content.decode()
        select = re.search(r'<select id="id_place" name="place".*?</select>', html, re.S)
        assert select, "no <select name=place> for the saved place"
        options = re.findall(r'<option value="(\d*)"([^>]*)>([^<]*)</option>', select.group(0))
        assert [(value, "selected" in attributes) for value, attributes, _label in options] == [
            (str(places["valencia"].pk), True)
        ]
        assert "Valdemoro" not in html
        assert 'option value="ES" selected' in html
        assert "To move, choose the country, then “Show its towns and cities”." in html
        # Saving the page as it came keeps the place.
        response = client.post(PROFILE_URL, profile_data(alice.profile, about="still here"), follow=True)
        assert response.redirect_chain == [(PROFILE_URL, 302)]
        assert snapshot(alice.profile)["place_id"] == places["valencia"].pk

    def test_without_javascript_choosing_a_country_lists_its_places(self, client, alice, places):
        client.force_login(alice)
        data = profile_data(alice.profile, place=None, about="picking a town")
        data["place_country"] = "ES"
        data["place_country_show"] = "1"
        response = client.post(PROFILE_URL, data)
        assert response.status_code == 200
        assert response.context["form"].errors["place"] == ["Choose your town or city from the list."]
        html = response.content.decode()
        select = re.search(r'<select id="id_place" name="place".*?</select>', html, re.S)
        assert select, "no <select name=place> with the towns of the chosen country"
        options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select.group(0))
        assert {value for value, _label in options} == {"", str(places["valencia"].pk), str(places["valdemoro"].pk)}
        assert any(label.startswith("Valdemoro") for _value, label in options)
        assert "Munich" not in html
        assert 'option value="ES" selected' in html
        assert snapshot(alice.profile)["about"] == ""


# No other member's email -------------------------------------------------------------------


def test_no_page_shows_another_members_email(client, alice, bob, condition, members):
    client.force_login(bob)
    for url in ("/", condition.get_absolute_url(), PROFILE_URL, join_url(ConditionFactory())):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert alice.email not in html, url
        assert "alice@" not in html, url


# Query counts ------------------------------------------------------------------------------


class TestQueryCounts:
    @pytest.mark.parametrize("members", [3, 30])
    def test_condition_page_for_a_member_does_not_grow_with_members(
        self, client, alice, valencia, condition, django_assert_max_num_queries, members
    ):
        on_map(alice, condition)
        for number in range(members - 1):
            MembershipFactory(member=make_member(f"extra{number}", f"Extra {number}", valencia), condition=condition)
        client.force_login(alice)
        # session, user, the page's version (for the members' page cache), condition, article, its
        # sections, top questions, the map's figures by place, by role and by age (one GROUP BY each,
        # cached per condition version), my membership (joined with my profile and place): 11,
        # whatever the number of members
        with django_assert_max_num_queries(11):
            response = client.get(condition.get_absolute_url())
        assert people_shown(response) == members

    @pytest.mark.parametrize("maps", [1, 10])
    def test_profile_page_does_not_grow_with_memberships(self, client, alice, django_assert_max_num_queries, maps):
        for condition in ConditionFactory.create_batch(maps):
            on_map(alice, condition)
        client.force_login(alice)
        # session, user, profile, my memberships (joined with their conditions), and for the place
        # picker: my place, the countries with places, the towns of my country: 7, whatever the maps
        with django_assert_max_num_queries(7):
            response = client.get(PROFILE_URL)
        assert len(response.context["memberships"]) == maps
