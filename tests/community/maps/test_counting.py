"""Who a map counts, and how fast its counts follow: the counting rules, the page cache's freshness and the
"You are on this map" panel."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client
from django.urls import reverse

from community.models import Profile, Role, Visibility
from tests.community.members.helpers import PROFILE_URL, join_url, leave_url, on_map, people_shown, profile_data
from tests.factories import ConditionFactory, MembershipFactory, ProfileFactory, UserFactory, client_for, make_member

pytestmark = pytest.mark.django_db


# Counting ----------------------------------------------------------------------------------


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

    def test_one_person_in_the_map_is_singular(self, client, alice, condition, alice_on_the_map):
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


# Page cache freshness ----------------------------------------------------------------------


def cached_count(client, condition, django_assert_num_queries) -> int:
    """Show the page to an anonymous visitor twice; the second time comes from the cache."""
    first = people_shown(client.get(condition.get_absolute_url()))
    with django_assert_num_queries(1):  # the condition's content version only
        assert people_shown(client.get(condition.get_absolute_url())) == first
    return first


class TestPageCacheFreshness:
    def test_joining_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries, alice_on_the_map):
        assert cached_count(client, condition, django_assert_num_queries) == 1
        client_for(bob).post(join_url(condition), {"role": Role.FAMILY})
        assert people_shown(client.get(condition.get_absolute_url())) == 2

    def test_leaving_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries, members):
        assert cached_count(client, condition, django_assert_num_queries) == 2
        client_for(bob).post(leave_url(condition.slug))
        assert people_shown(client.get(condition.get_absolute_url())) == 1

    def test_switching_to_hidden_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries, members):
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

    def test_deactivating_an_account_shows_at_once(
        self, client, alice, bob, condition, django_assert_num_queries, members
    ):
        assert cached_count(client, condition, django_assert_num_queries) == 2
        bob.is_active = False
        bob.save()
        assert people_shown(client_for(alice).get(condition.get_absolute_url())) == 1
        assert people_shown(client.get(condition.get_absolute_url())) == 1

    def test_deleting_an_account_shows_at_once(self, client, alice, bob, condition, django_assert_num_queries, members):
        assert cached_count(client, condition, django_assert_num_queries) == 2
        bob.delete()
        assert people_shown(client.get(condition.get_absolute_url())) == 1


# The "You are on this map" panel -----------------------------------------------------------


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
