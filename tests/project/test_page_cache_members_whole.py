"""Signed-in members get the condition page and the map page whole from the cache, with holes
(issue 13, item 9): the page is cached per path, version and language once for all members, and
only the member's own box, the CSRF token and the nonce are filled in per request. One member's
own part never reaches another's page, and a visitor never gets the members' page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Membership
from conditions.models import Condition
from tests.factories import MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db

OWN_BOX = "You are on this map."
HIDDEN_BOX = "You joined this map, hidden."
JOIN_BUTTON = "Join the Neonatal hemochromatosis community</button>"
AS_MEMBERS_SEE = "See them as a list"
OWN_PART = {"community/_own_box.html", "community/_my_place_on_map.html"}  # rendered per request


def map_url(condition) -> str:
    return reverse("condition_map", args=[condition.slug])


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def templates_of(response) -> set[str]:
    return {template.name for template in response.templates}


def keep_version(condition: Condition, stamp) -> None:
    """Put the condition's versions back, as if the change had not moved them: the page stays
    cached whole, so whatever changes on it comes from the member's own part."""
    updated_at, map_version = stamp
    Condition.objects.filter(pk=condition.pk).update(updated_at=updated_at, map_version=map_version)


def versions_of(condition: Condition):
    return Condition.objects.filter(pk=condition.pk).values_list("updated_at", "map_version").get()


def test_once_cached_a_members_condition_page_renders_only_their_own_box(condition, alice_on_the_map, alice):
    client = client_for(alice)
    first = client.get(condition.get_absolute_url())
    assert "base.html" in templates_of(first)
    again = client.get(condition.get_absolute_url())
    assert templates_of(again) <= OWN_PART and "base.html" not in templates_of(again)
    assert again.content.decode().count("Alice in Valencia") == 1
    assert OWN_BOX in again.content.decode()
    assert "Top questions" in again.content.decode()


def test_once_cached_a_members_map_page_renders_nothing(condition, alice_on_the_map, alice):
    client = client_for(alice)
    client.get(map_url(condition))
    again = client.get(map_url(condition))
    assert templates_of(again) == set()
    assert AS_MEMBERS_SEE in again.content.decode()


def test_both_pages_once_cached_cost_few_queries(condition, alice_on_the_map, alice, django_assert_max_num_queries):
    client = client_for(alice)
    client.get(condition.get_absolute_url())
    client.get(map_url(condition))
    with django_assert_max_num_queries(4):  # session, user, the condition's version, her own membership
        assert OWN_BOX in client.get(condition.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(3):  # session, user, the condition's version
        assert AS_MEMBERS_SEE in client.get(map_url(condition)).content.decode()


def test_two_members_each_get_only_their_own_name_box_and_token(condition, places, bob):
    alice = make_member("alice-y", "<script>alert('alice')</script>", places["munich"]).user
    MembershipFactory(member=alice.profile, condition=condition)
    erin = make_member("erin", "Erin of Munich", places["munich"]).user
    MembershipFactory(member=erin.profile, condition=condition, role="carer")
    alice_client, bob_client, erin_client = client_for(alice), client_for(bob), client_for(erin)
    url = condition.get_absolute_url()

    alices = [alice_client.get(url).content.decode() for _ in range(2)]
    bobs = [bob_client.get(url).content.decode() for _ in range(2)]
    erins = [erin_client.get(url).content.decode() for _ in range(2)]

    for html in alices:
        assert "&lt;script&gt;alert(&#x27;alice&#x27;)&lt;/script&gt;" in html and "<script>alert(" not in html
        assert "Erin" not in html and JOIN_BUTTON not in html
    for html in bobs:
        assert "alice" not in html.lower() and "Erin" not in html and OWN_BOX not in html
        assert JOIN_BUTTON in html
    for html in erins:
        assert "Erin of Munich" in html and "alice" not in html.lower() and "(carer)" in html
    assert csrf_of(bobs[0]) != csrf_of(bobs[1])  # a fresh mask each time, on his own cookie
    response = bob_client.post(
        reverse("community:join", args=[condition.slug]),
        {"role": bob.profile.role, "csrfmiddlewaretoken": csrf_of(bobs[1])},
    )
    assert response.status_code == 302


def test_the_token_on_a_cached_page_is_the_members_own(condition, bob):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    client.get(condition.get_absolute_url())
    html = client.get(condition.get_absolute_url()).content.decode()
    response = client.post(
        reverse("community:join", args=[condition.slug]),
        {"role": bob.profile.role, "csrfmiddlewaretoken": csrf_of(html)},
    )
    assert response.status_code == 302
    forged = client.post(reverse("community:leave", args=[condition.slug]), {"csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403


@pytest.mark.parametrize("member_first", [True, False])
def test_a_visitor_never_gets_the_members_page(client, condition, alice_on_the_map, alice, member_first):
    member = client_for(alice)
    for url in (condition.get_absolute_url(), map_url(condition)):
        if member_first:
            member.get(url)
            member.get(url)
        visitor = [client.get(url).content.decode() for _ in range(2)]
        members = member.get(url).content.decode()
        for html in visitor:
            assert "Log out" not in html and OWN_BOX not in html and AS_MEMBERS_SEE not in html
        assert "Log out" in members


def test_join_hide_and_leave_show_at_once_on_the_cached_page(condition, alice, bob):
    client = client_for(alice)
    MembershipFactory(member=bob.profile, condition=condition)
    before = versions_of(condition)
    url = condition.get_absolute_url()
    assert JOIN_BUTTON in client.get(url).content.decode()
    MembershipFactory(member=alice.profile, condition=condition)
    keep_version(condition, before)
    joined = client.get(url)
    assert templates_of(joined) <= OWN_PART  # the whole page came from the cache
    assert OWN_BOX in joined.content.decode() and JOIN_BUTTON not in joined.content.decode()

    alice.profile.visibility = "hidden"
    alice.profile.save()
    keep_version(condition, before)
    hidden = client.get(url).content.decode()
    assert HIDDEN_BOX in hidden and OWN_BOX not in hidden

    Membership.objects.filter(member=alice.profile, condition=condition).delete()
    keep_version(condition, before)
    assert JOIN_BUTTON in client.get(url).content.decode()


@pytest.mark.parametrize("how", ["suspended", "deleted"])
def test_a_suspended_or_deleted_member_is_not_served_the_members_page(condition, alice_on_the_map, alice, how):
    client = client_for(alice)
    for url in (condition.get_absolute_url(), map_url(condition)):
        client.get(url)
    if how == "suspended":
        alice.is_active = False
        alice.save()
    else:
        alice.delete()
    for url in (condition.get_absolute_url(), map_url(condition)):
        html = client.get(url).content.decode()
        assert "Log out" not in html and "Alice" not in html and AS_MEMBERS_SEE not in html


def test_a_member_who_just_joined_sees_the_message_once(condition, alice, bob):
    client = client_for(alice)
    MembershipFactory(member=bob.profile, condition=condition)
    before = versions_of(condition)
    client.get(condition.get_absolute_url())
    response = client.post(reverse("community:join", args=[condition.slug]), {"role": alice.profile.role}, follow=True)
    assert "You are now on the Neonatal hemochromatosis map." in response.content.decode()
    keep_version(condition, before)
    assert "You are now on the" not in client.get(condition.get_absolute_url()).content.decode()
