"""Community pages: joining a map, one's own profile, leaving, and what the map figures reveal."""

from __future__ import annotations

import re
from datetime import date

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client
from django.urls import reverse

from community.models import Membership, Profile, Role, Visibility
from tests.concurrency import run_at_once
from tests.factories import (
    ConditionFactory,
    MembershipFactory,
    ProfileFactory,
    UserFactory,
    client_for,
    make_member,
)

pytestmark = pytest.mark.django_db

PROFILE_URL = "/community/profile/"
XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


def join_url(condition) -> str:
    return reverse("community:join", args=[condition.slug])


def role_url(slug: str) -> str:
    return reverse("community:change_role", args=[slug])


def leave_url(slug: str) -> str:
    return reverse("community:leave", args=[slug])


def login_url() -> str:
    return reverse("account_login")


def people_shown(response) -> int:
    """The "There are N people in the map" figure of a condition page."""
    assert response.status_code == 200
    match = re.search(r'class="map-teaser__count" data-people="(\d+)"', response.content.decode())
    assert match, "the condition page has no map figure"
    return int(match.group(1))


def profile_data(profile: Profile, **changes) -> dict:
    """What the profile form posts when nothing is changed, with `changes` applied."""
    data = {
        "display_name": profile.display_name,
        "role": profile.role,
        "place": str(profile.place_id),
        "visibility": profile.visibility,
        "accepts_requests": profile.accepts_requests,
        "email_notifications": "on" if profile.email_notifications else "",
        "sex": profile.sex,
        "birth_year": profile.birth_year or "",
        "age_at_diagnosis": profile.age_at_diagnosis or "",
        "about": profile.about,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(profile: Profile) -> dict:
    profile.refresh_from_db()
    return {
        field: getattr(profile, field)
        for field in ("display_name", "role", "place_id", "visibility", "sex", "birth_year", "about")
    }


def on_map(user, condition, **fields) -> Membership:
    return MembershipFactory(member=user.profile, condition=condition, **fields)


# 1. Protected views ---------------------------------------------------------------------------


class TestProtectedViews:
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_profile_requires_login(self, client, method):
        response = getattr(client, method)(PROFILE_URL, {"display_name": "Sneaky"})
        assert response.status_code == 302
        assert response.url.startswith(login_url())
        assert not Profile.objects.exists()

    @pytest.mark.parametrize("url_of", [role_url, leave_url])
    def test_change_role_and_leave_require_login(self, client, alice, condition, url_of):
        on_map(alice, condition, role=Role.PATIENT)
        response = client.post(url_of(condition.slug), {f"{condition.slug}-role": Role.FAMILY})
        assert response.status_code == 302
        assert response.url.startswith(login_url())
        assert Membership.objects.get().role == Role.PATIENT

    @pytest.mark.parametrize("url_of", [role_url])  # leaving asks first on a GET: tests/test_confirmations.py
    def test_change_role_and_leave_reject_get(self, client, alice, condition, url_of):
        on_map(alice, condition)
        client.force_login(alice)
        assert client.get(url_of(condition.slug)).status_code == 405
        assert Membership.objects.count() == 1

    @pytest.mark.parametrize("url_of", [role_url])  # leaving asks first on a GET: tests/test_confirmations.py
    def test_anonymous_get_of_change_role_and_leave_does_nothing(self, client, alice, condition, url_of):
        on_map(alice, condition)
        # require_POST runs before login_required: a GET is refused whoever asks.
        assert client.get(url_of(condition.slug)).status_code == 405
        assert Membership.objects.count() == 1

    def test_a_member_cannot_leave_someone_elses_membership(self, client, alice, bob, condition):
        on_map(bob, condition)
        client.force_login(alice)
        assert client.post(leave_url(condition.slug)).status_code == 404
        assert Membership.objects.filter(member__user=bob, condition=condition).exists()

    def test_a_member_cannot_change_someone_elses_role(self, client, alice, bob, condition):
        on_map(bob, condition, role=Role.PATIENT)
        client.force_login(alice)
        response = client.post(role_url(condition.slug), {f"{condition.slug}-role": Role.RESEARCHER})
        assert response.status_code == 404
        assert Membership.objects.get(member__user=bob).role == Role.PATIENT
        assert not Membership.objects.filter(member__user=alice).exists()

    @pytest.mark.parametrize("slug", ["no-such-condition", "neonatal-hemochromatosis-2", "x" * 150])
    @pytest.mark.parametrize("url_of", [role_url, leave_url])
    def test_forged_slugs_are_404(self, client, alice, condition, slug, url_of):
        on_map(alice, condition)
        client.force_login(alice)
        assert client.post(url_of(slug), {f"{slug}-role": Role.FAMILY}).status_code == 404
        assert Membership.objects.count() == 1

    def test_forged_join_slug_is_404(self, client, alice, condition):
        client.force_login(alice)
        assert client.post("/community/join/no-such-condition/", {"role": Role.FAMILY}).status_code == 404
        assert not Membership.objects.exists()


# 2. Join --------------------------------------------------------------------------------------


class TestJoin:
    def test_a_member_joins_and_the_condition_page_says_so(self, client, alice, bob, condition):
        on_map(bob, condition)
        client.force_login(alice)
        assert people_shown(client.get(condition.get_absolute_url())) == 1
        response = client.post(join_url(condition), {"role": Role.FAMILY})
        assert response.status_code == 302
        assert response.url == condition.get_absolute_url()
        membership = Membership.objects.get(member__user=alice, condition=condition)
        assert membership.role == Role.FAMILY
        page = client.get(response.url)
        html = page.content.decode()
        assert "You are on this map." in html
        assert "You are now on the Neonatal hemochromatosis map." in html
        assert people_shown(page) == 2

    def test_joining_twice_makes_one_membership(self, client, alice, condition):
        client.force_login(alice)
        first = client.post(join_url(condition), {"role": Role.FAMILY})
        second = client.post(join_url(condition), {"role": Role.CAREGIVER})
        assert first.url == second.url == condition.get_absolute_url()
        assert Membership.objects.filter(member__user=alice, condition=condition).count() == 1
        assert Membership.objects.get().role == Role.FAMILY

    def test_join_with_an_unknown_role_shows_the_form_again(self, client, alice, condition):
        client.force_login(alice)
        response = client.post(join_url(condition), {"role": "overlord"})
        assert response.status_code == 200
        assert response.context["form"].errors["role"]
        assert not Membership.objects.exists()

    def test_get_join_shows_the_form_to_a_member_not_on_the_map(self, client, alice, condition):
        client.force_login(alice)
        response = client.get(join_url(condition))
        assert response.status_code == 200
        assert 'name="role"' in response.content.decode()
        assert not Membership.objects.exists()

    def test_get_join_when_already_on_the_map_goes_to_the_condition(self, client, alice, condition):
        on_map(alice, condition)
        client.force_login(alice)
        response = client.get(join_url(condition))
        assert response.status_code == 302
        assert response.url == condition.get_absolute_url()
        assert Membership.objects.count() == 1

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_unpublished_condition_cannot_be_joined(self, client, alice, draft_condition, method):
        client.force_login(alice)
        response = getattr(client, method)(join_url(draft_condition), {"role": Role.PATIENT})
        assert response.status_code == 404
        assert not Membership.objects.exists()

    def test_anonymous_visitor_is_sent_to_sign_up_with_the_condition_remembered(self, client, condition):
        response = client.get(join_url(condition))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_signup"))
        assert client.session["join_condition"] == condition.slug

    def test_a_user_without_profile_makes_one_then_joins(self, client, charlie, condition, places):
        client.force_login(charlie)
        response = client.get(join_url(condition))
        assert response.status_code == 302
        assert response.url == PROFILE_URL
        assert client.session["join_condition"] == condition.slug
        assert "Tell us a little about yourself first." in client.get(PROFILE_URL).content.decode()

        data = {
            "display_name": "Charlie C.",
            "role": Role.CAREGIVER,
            "place": str(places["munich"].pk),
            "visibility": Visibility.COUNTED,
            "health_data_consent": "on",
        }
        response = client.post(PROFILE_URL, data)
        assert response.status_code == 302
        assert response.url == join_url(condition)
        assert Profile.objects.get(user=charlie).display_name == "Charlie C."
        assert "join_condition" not in client.session

        form = client.get(response.url)
        assert form.status_code == 200
        assert form.context["form"]["role"].value() == Role.CAREGIVER
        client.post(join_url(condition), {"role": Role.CAREGIVER})
        assert Membership.objects.get().member.user == charlie


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_joins_make_exactly_one_membership(valencia, condition):
    profile = make_member("racer", "Racer", valencia)
    clients = [client_for(profile.user) for _ in range(2)]
    results = run_at_once(
        [lambda client=client: client.post(join_url(condition), {"role": Role.FAMILY}) for client in clients]
    )
    assert results == [302, 302]
    assert Membership.objects.filter(member=profile, condition=condition).count() == 1


# 3. Profile page ------------------------------------------------------------------------------


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

    def test_script_in_display_name_and_about_is_escaped(self, client, alice, condition):
        on_map(alice, condition)
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


# 4. Leave and change role ---------------------------------------------------------------------


class TestLeaveAndChangeRole:
    def test_leaving_removes_the_membership_and_lowers_the_count(self, client, alice, bob, condition):
        on_map(alice, condition)
        on_map(bob, condition)
        client.force_login(alice)
        assert people_shown(client.get(condition.get_absolute_url())) == 2
        response = client.post(leave_url(condition.slug), follow=True)
        assert response.redirect_chain == [(PROFILE_URL, 302)]
        assert "You have left the Neonatal hemochromatosis map." in response.content.decode()
        assert not Membership.objects.filter(member__user=alice).exists()
        page = client.get(condition.get_absolute_url())
        assert people_shown(page) == 1
        assert "You are on this map." not in page.content.decode()

    def test_changing_role_is_saved(self, client, alice, condition):
        on_map(alice, condition, role=Role.PATIENT)
        client.force_login(alice)
        response = client.post(role_url(condition.slug), {f"{condition.slug}-role": Role.CAREGIVER}, follow=True)
        assert response.redirect_chain == [(PROFILE_URL, 302)]
        assert "Your role for Neonatal hemochromatosis is saved." in response.content.decode()
        assert Membership.objects.get().role == Role.CAREGIVER

    def test_an_unknown_role_is_refused(self, client, alice, condition):
        on_map(alice, condition, role=Role.PATIENT)
        client.force_login(alice)
        response = client.post(role_url(condition.slug), {f"{condition.slug}-role": "overlord"}, follow=True)
        assert "Choose one of the roles in the list." in response.content.decode()
        assert Membership.objects.get().role == Role.PATIENT


# 5. Counting ----------------------------------------------------------------------------------


@pytest.fixture
def crowd(alice, valencia, condition):
    """On the condition's map: alice (listed), one counted, one hidden, one unverified, one inactive."""
    on_map(alice, condition)
    counted = make_member("counted", "Counted one", valencia, visibility=Visibility.COUNTED)
    hidden = make_member("hidden", "Hidden one", valencia, visibility=Visibility.HIDDEN)
    unverified = ProfileFactory(user=UserFactory(username="unverified"), display_name="Unverified", place=valencia)
    EmailAddress.objects.create(user=unverified.user, email=unverified.user.email, verified=False, primary=True)
    inactive = make_member("inactive", "Inactive one", valencia)
    inactive.user.is_active = False
    inactive.user.save()
    for profile in (counted, hidden, unverified, inactive):
        MembershipFactory(member=profile, condition=condition)
    return {"counted": counted, "hidden": hidden, "unverified": unverified, "inactive": inactive}


class TestCounting:
    def test_only_listed_and_counted_verified_active_members_are_counted(self, client, crowd, alice, bob, condition):
        url = condition.get_absolute_url()
        html = client.get(url).content.decode()
        assert "There are 2 people in the map." in html
        assert people_shown(client.get(url)) == 2  # the cached page says the same
        for user in (alice, bob, crowd["hidden"].user):
            page = client_for(user).get(url)
            assert "There are 2 people in the map." in page.content.decode()

    def test_one_person_in_the_map_is_singular(self, client, alice, condition):
        on_map(alice, condition)
        assert "There is 1 person in the map." in client.get(condition.get_absolute_url()).content.decode()

    def test_home_total_counts_distinct_people_and_leaves_out_hidden_ones(self, client, crowd, alice, condition):
        other = ConditionFactory(name="Alport syndrome")
        on_map(alice, other)
        MembershipFactory(member=crowd["hidden"], condition=other)
        response = client.get("/")
        assert response.context["totals"]["people"] == 2
        assert re.search(r"<dt>People in the maps</dt><dd>2</dd>", response.content.decode())

    def test_home_total_leaves_out_members_of_unpublished_conditions_only(self, client, bob, draft_condition):
        # bob's only map is a condition that is not published: no visitor can see that map.
        on_map(bob, draft_condition)
        assert client.get("/").context["totals"]["people"] == 0

    def test_most_active_conditions_are_ordered_by_people_counted(self, client, valencia, condition):
        busy = ConditionFactory(name="Busy condition")
        quiet = ConditionFactory(name="Quiet condition")
        for number in range(3):
            MembershipFactory(member=make_member(f"busy{number}", f"Busy {number}", valencia), condition=busy)
        MembershipFactory(member=make_member("solo", "Solo", valencia), condition=condition)
        for number in range(5):  # hidden members weigh nothing
            hidden = make_member(f"hid{number}", f"Hid {number}", valencia, visibility=Visibility.HIDDEN)
            MembershipFactory(member=hidden, condition=quiet)
        names = [item.name for item in client.get("/").context["most_active"]]
        assert names[:2] == ["Busy condition", "Neonatal hemochromatosis"]
        assert names[2] == "Quiet condition"
        html = client.get("/").content.decode()
        assert html.index("Busy condition") < html.index("Neonatal hemochromatosis") < html.index("Quiet condition")


# 6. Page cache freshness ----------------------------------------------------------------------


def cached_count(client, condition, django_assert_num_queries) -> int:
    """Show the page to an anonymous visitor twice; the second time comes from the cache."""
    first = people_shown(client.get(condition.get_absolute_url()))
    with django_assert_num_queries(1):  # the condition's content version only
        assert people_shown(client.get(condition.get_absolute_url())) == first
    return first


class TestPageCacheFreshness:
    def test_joining_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries):
        on_map(alice, condition)
        assert cached_count(client, condition, django_assert_num_queries) == 1
        client_for(bob).post(join_url(condition), {"role": Role.FAMILY})
        assert people_shown(client.get(condition.get_absolute_url())) == 2

    def test_leaving_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries):
        on_map(alice, condition)
        on_map(bob, condition)
        assert cached_count(client, condition, django_assert_num_queries) == 2
        client_for(bob).post(leave_url(condition.slug))
        assert people_shown(client.get(condition.get_absolute_url())) == 1

    def test_switching_to_hidden_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries):
        on_map(alice, condition)
        on_map(bob, condition)
        assert cached_count(client, condition, django_assert_num_queries) == 2
        response = client_for(bob).post(PROFILE_URL, profile_data(bob.profile, visibility=Visibility.HIDDEN))
        assert response.status_code == 302
        assert people_shown(client.get(condition.get_absolute_url())) == 1

    def test_verifying_email_shows_at_once(self, client, valencia, condition, django_assert_num_queries):
        newcomer = ProfileFactory(user=UserFactory(username="newcomer"), display_name="Newcomer", place=valencia)
        address = EmailAddress.objects.create(
            user=newcomer.user, email=newcomer.user.email, verified=False, primary=True
        )
        MembershipFactory(member=newcomer, condition=condition)
        assert cached_count(client, condition, django_assert_num_queries) == 0
        key = EmailConfirmationHMAC(address).key
        response = Client().post(reverse("account_confirm_email", args=[key]))
        assert response.status_code == 302
        assert EmailAddress.objects.get(pk=address.pk).verified
        assert people_shown(client.get(condition.get_absolute_url())) == 1

    def test_deactivating_an_account_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries):
        on_map(alice, condition)
        on_map(bob, condition)
        assert cached_count(client, condition, django_assert_num_queries) == 2
        bob.is_active = False
        bob.save()
        assert people_shown(client_for(alice).get(condition.get_absolute_url())) == 1
        assert people_shown(client.get(condition.get_absolute_url())) == 1

    def test_deleting_an_account_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries):
        on_map(alice, condition)
        on_map(bob, condition)
        assert cached_count(client, condition, django_assert_num_queries) == 2
        bob.delete()
        assert people_shown(client.get(condition.get_absolute_url())) == 1


# 7. The "You are on this map" panel -----------------------------------------------------------


class TestMyPlaceOnMap:
    @pytest.mark.parametrize(
        ("visibility", "heading", "explanation", "count"),
        [
            (Visibility.LISTED, "You are on this map.", "signed-in members see your display name", 1),
            (Visibility.COUNTED, "You are on this map.", "nobody sees your name", 1),
            (Visibility.HIDDEN, "You joined this map, hidden.", "you are not on any map or count", 0),
        ],
    )
    def test_the_panel_explains_each_visibility(
        self, client, alice, condition, visibility, heading, explanation, count
    ):
        Profile.objects.filter(user=alice).update(visibility=visibility)
        on_map(alice, condition, role=Role.FAMILY)
        client.force_login(alice)
        response = client.get(condition.get_absolute_url())
        html = response.content.decode()
        panel = re.search(r'<div class="my-place" role="note">.*?</div>', html, re.S).group(0)
        assert heading in panel
        assert (visibility == Visibility.HIDDEN) == ("You are on this map." not in panel)
        assert "As Alice in Valencia (Family member or friend), in Valencia" in panel
        assert explanation in panel
        assert alice.email not in html
        assert people_shown(response) == count

    def test_no_panel_for_a_member_not_on_the_map(self, client, alice, condition):
        client.force_login(alice)
        html = client.get(condition.get_absolute_url()).content.decode()
        assert "You are on this map." not in html
        assert f'action="{join_url(condition)}"' in html


# 8. No other member's email -------------------------------------------------------------------


def test_no_page_shows_another_members_email(client, alice, bob, condition):
    on_map(alice, condition)
    on_map(bob, condition)
    client.force_login(bob)
    for url in ("/", condition.get_absolute_url(), PROFILE_URL, join_url(ConditionFactory())):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert alice.email not in html, url
        assert "alice@" not in html, url


# 9. Query counts ------------------------------------------------------------------------------


class TestQueryCounts:
    @pytest.mark.parametrize("members", [3, 30])
    def test_condition_page_for_a_member_does_not_grow_with_members(
        self, client, alice, valencia, condition, django_assert_max_num_queries, members
    ):
        on_map(alice, condition)
        for number in range(members - 1):
            MembershipFactory(member=make_member(f"extra{number}", f"Extra {number}", valencia), condition=condition)
        client.force_login(alice)
        # session, user, condition, article, its sections, top questions, the map's figures by place,
        # by role and by age (one GROUP BY each, cached per condition version), my membership (joined
        # with my profile and place): 10, whatever the number of members
        with django_assert_max_num_queries(10):
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
