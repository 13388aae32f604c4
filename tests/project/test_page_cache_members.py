"""Signed-in members get the condition page and the map page from shared fragments, cached per
version and language (issue 13, item 9): what every member sees alike is rendered once, and only
the member's own bits (their place on the map or the join button, the CSRF token, the nonce, the
unread badge) per request. One member's bits never reach another's page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from community.models import Membership
from conditions.models import Article, ArticleStatus, Condition
from tests.factories import MembershipFactory, QuestionFactory, client_for, make_member

pytestmark = pytest.mark.django_db

OWN_BOX = "You are on this map."
HIDDEN_BOX = "You joined this map, hidden."
JOIN_BUTTON = "Join the Neonatal hemochromatosis community</button>"
AS_MEMBERS_SEE = "See them as a list"  # the map page as members see it, never visitors


def map_url(condition) -> str:
    return reverse("condition_map", args=[condition.slug])


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def keep_version(condition: Condition, stamp) -> None:
    """Put the condition's version back, as if a change had not moved it: the shared fragments
    stay cached, so whatever changes on the page comes from the per-request part."""
    Condition.objects.filter(pk=condition.pk).update(updated_at=stamp)


@pytest.fixture
def crowd(condition, places):
    """40 more members on the map, and 12 more questions: enough for a query per row to show."""
    for number in range(40):
        profile = make_member(f"crowd{number}", f"Crowd member {number}", places["munich"])
        MembershipFactory(member=profile, condition=condition)
    for number in range(12):
        QuestionFactory(condition=condition, text=f"Question number {number}?", slug=f"question-{number}")


def test_a_members_condition_page_costs_four_queries_once_cached(
    condition, alice_on_the_map, alice, crowd, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(condition.get_absolute_url())
    # session, user, condition, and her own membership (with her place): no article, questions or figures
    with django_assert_max_num_queries(4):
        response = client.get(condition.get_absolute_url())
    assert OWN_BOX in response.content.decode()
    assert "Top questions" in response.content.decode()


def test_a_members_map_page_costs_three_queries_once_cached(
    condition, alice_on_the_map, alice, crowd, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(map_url(condition))
    with django_assert_max_num_queries(3):  # session, user, condition
        response = client.get(map_url(condition))
    html = response.content.decode()
    assert AS_MEMBERS_SEE in html
    assert 'data-total="41"' in html


def test_the_shared_summary_is_served_from_the_cache(condition, alice):
    client = client_for(alice)
    before = Condition.objects.get(pk=condition.pk).updated_at
    assert "Maternal antibodies" in client.get(condition.get_absolute_url()).content.decode()
    Article.objects.filter(condition=condition).update(intro="A rewritten introduction.")  # no version moved
    keep_version(condition, before)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "A rewritten introduction." not in html
    condition.save()  # the version moves: the fragment is rendered again
    assert "A rewritten introduction." in client.get(condition.get_absolute_url()).content.decode()


def test_a_member_sees_their_join_then_their_place_at_once(condition, alice, bob):
    client = client_for(alice)
    MembershipFactory(member=bob.profile, condition=condition)
    before = Condition.objects.get(pk=condition.pk).updated_at
    first = client.get(condition.get_absolute_url()).content.decode()
    assert JOIN_BUTTON in first and OWN_BOX not in first

    response = client.post(reverse("community:join", args=[condition.slug]), {"role": alice.profile.role})
    assert response.status_code == 302
    keep_version(condition, before)
    joined = client.get(condition.get_absolute_url()).content.decode()
    assert OWN_BOX in joined
    assert "Alice in Valencia" in joined and "Valencia" in joined
    assert JOIN_BUTTON not in joined

    alice.profile.visibility = "hidden"
    alice.profile.save()
    keep_version(condition, before)
    hidden = client.get(condition.get_absolute_url()).content.decode()
    assert HIDDEN_BOX in hidden and OWN_BOX not in hidden

    Membership.objects.filter(member=alice.profile, condition=condition).delete()
    keep_version(condition, before)
    left = client.get(condition.get_absolute_url()).content.decode()
    assert JOIN_BUTTON in left and HIDDEN_BOX not in left


def test_one_members_bits_never_reach_anothers_page(condition, places, bob):
    alice = make_member("alice-x", "<script>alert('alice')</script>", places["munich"]).user
    MembershipFactory(member=alice.profile, condition=condition)
    alice_client, bob_client = client_for(alice), client_for(bob)

    alices = alice_client.get(condition.get_absolute_url()).content.decode()
    assert OWN_BOX in alices
    assert "&lt;script&gt;alert(&#x27;alice&#x27;)&lt;/script&gt;" in alices
    assert "<script>alert(" not in alices
    alice_client.get(map_url(condition))

    bobs = bob_client.get(condition.get_absolute_url()).content.decode()
    assert "alice" not in bobs.lower()
    assert "Munich" not in bobs
    assert OWN_BOX not in bobs and JOIN_BUTTON in bobs
    assert "csrfmiddlewaretoken" not in alices  # on the map: no join form, no token
    assert csrf_of(bobs)  # bob's own token, for his own join form
    bobs_map = bob_client.get(map_url(condition)).content.decode()
    assert "alice" not in bobs_map.lower()


def test_each_request_has_its_own_nonce_and_the_unread_badge(condition, alice_on_the_map, alice):
    client = client_for(alice)
    for url in (condition.get_absolute_url(), map_url(condition)):
        first, second = client.get(url), client.get(url)
        nonces = [re.search(r"'nonce-([^']+)'", r["Content-Security-Policy"]).group(1) for r in (first, second)]
        assert nonces[0] != nonces[1]
        assert f'nonce="{nonces[1]}"' in second.content.decode()
        assert f'nonce="{nonces[0]}"' not in second.content.decode()
        assert "data-unread-badge" in second.content.decode()


@pytest.mark.parametrize("member_first", [True, False])
def test_members_and_visitors_never_get_each_others_map(
    client, condition, places, alice_on_the_map, alice, member_first
):
    MembershipFactory(member=make_member("erin", "Erin", places["munich"]), condition=condition)
    member = client_for(alice)
    if member_first:
        member.get(map_url(condition))
    visitor = client.get(map_url(condition)).content.decode()
    members = member.get(map_url(condition)).content.decode()
    assert AS_MEMBERS_SEE not in visitor and AS_MEMBERS_SEE in members
    assert "to see who is where" in visitor and "to see who is where" not in members
    assert '"audience": "public"' in visitor and '"audience": "members"' in members
    # members count erin in Germany; the public's figures fold a country of one into its continent
    assert '<th scope="row">Germany</th>' in members and "Germany" not in visitor


def test_staff_drafts_never_reach_members(condition, curator, alice):
    Article.objects.filter(condition=condition).update(status=ArticleStatus.DRAFT, intro="Draft words, unpublished.")
    assert "Draft words, unpublished." in client_for(curator).get(condition.get_absolute_url()).content.decode()
    html = client_for(alice).get(condition.get_absolute_url()).content.decode()
    assert "Draft words, unpublished." not in html
    assert "There is no article on the causes of" in html
