"""The site's figures (the home page's "People in the maps" and "Most active conditions", each
condition's count of people) are kept as memberships change: no page counts members, and the
figures stay true after every kind of change, on SQLite and PostgreSQL, even with joins at once."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.demo import create_demo_members
from community.models import Membership, Profile, Role, Visibility
from conditions.models import ArticleStatus, Condition
from tests.community.members.helpers import PROFILE_URL, join_url, leave_url, profile_data, role_url
from tests.concurrency import run_at_once
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ConditionFactory,
    MembershipFactory,
    QuestionFactory,
    client_for,
    make_member,
    verify_email,
)

pytestmark = pytest.mark.django_db

# Drawn: its version (published conditions' count and versions, the totals row), then most active,
# conditions, articles, questions, the totals row. Cached for visitors: its version only. Whatever the
# number of members.
HOME_QUERIES = 7
CACHED_HOME_QUERIES = 2


def people_counted_afresh() -> int:
    """What "People in the maps" means: distinct people counted on at least one published map."""
    counted = Membership.objects.counted().filter(condition__is_published=True)
    return Profile.objects.filter(memberships__in=counted).distinct().count()


def people_on_map_afresh(condition) -> int:
    return Membership.objects.counted().filter(condition=condition).count()


def home_people(client) -> int:
    html = client.get("/").content.decode()
    return int(re.search(r"<dt>People in the maps</dt><dd>(\d+)</dd>", html).group(1))


def assert_figures_true(client, *conditions) -> None:
    assert home_people(client) == people_counted_afresh()
    for condition in conditions:
        assert Condition.objects.get(pk=condition.pk).map_people == people_on_map_afresh(condition)


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_the_home_page_costs_the_same_at_1000_and_10000_members(
    client, places, condition, django_assert_max_num_queries, count
):
    other = ConditionFactory(name="Alport syndrome")
    quiet = ConditionFactory(name="Quiet condition")
    MembershipFactory(member=make_member("solo", "Solo member", places["valencia"]), condition=quiet)
    create_demo_members(count, [condition, other])  # each member on both maps: counted once
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum soon would: the planner sees the members
            cursor.execute("ANALYZE")

    with django_assert_max_num_queries(HOME_QUERIES), CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert not [query["sql"] for query in queries if "community_membership" in query["sql"]]
    expected = people_counted_afresh()
    assert count * 0.8 < expected - 1 < count  # demo members: some hidden, none counted twice
    assert response.context["totals"]["people"] == expected
    assert f"<dt>People in the maps</dt><dd>{expected}</dd>" in response.content.decode()
    names = [item.name for item in response.context["most_active"]]
    assert names[:2] == ["Neonatal hemochromatosis", "Alport syndrome"] or names[:2] == [
        "Alport syndrome",
        "Neonatal hemochromatosis",
    ]
    assert names[2] == "Quiet condition"
    for item in (condition, other):
        assert Condition.objects.get(pk=item.pk).map_people == people_on_map_afresh(item)
    with django_assert_max_num_queries(CACHED_HOME_QUERIES):
        cached = client.get("/")
    assert without_nonce(cached.content.decode()) == without_nonce(response.content.decode())


class TestTheCachedHomePageFollowsTheContent:
    """Visitors get the home page from the cache until something it shows changes."""

    def test_a_renamed_condition(self, client, condition):
        assert "Neonatal hemochromatosis" in client.get("/").content.decode()
        condition.name, condition.description = "Gestational alloimmune liver disease", "Renamed <b>today</b>."
        condition.save()
        html = client.get("/").content.decode()
        assert "Gestational alloimmune liver disease" in html and "Renamed &lt;b&gt;today&lt;/b&gt;." in html

    def test_an_article_published_or_withdrawn(self, client, condition):
        other = ConditionFactory(name="Alport syndrome")
        before = home_figure(client, "Causes articles")
        article = ArticleFactory(condition=other, status=ArticleStatus.PUBLISHED)
        assert home_figure(client, "Causes articles") == before + 1
        article.status = ArticleStatus.DRAFT
        article.save()
        assert home_figure(client, "Causes articles") == before

    def test_a_question_added_or_removed(self, client, condition):
        before = home_figure(client, "Questions")
        question = QuestionFactory(condition=condition)
        assert home_figure(client, "Questions") == before + 1
        question.delete()
        assert home_figure(client, "Questions") == before

    def test_a_condition_published_or_deleted(self, client, condition, draft_condition):
        before = home_figure(client, "Conditions")
        draft_condition.is_published = True
        draft_condition.save()
        assert home_figure(client, "Conditions") == before + 1
        assert "Unreleased syndrome" in client.get("/").content.decode()
        draft_condition.delete()
        assert home_figure(client, "Conditions") == before

    def test_signed_in_members_get_their_own_page(self, client, alice):
        client.get("/")
        assert "Log out" in client_for(alice).get("/").content.decode()
        assert "Log out" not in client.get("/").content.decode()


def without_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", html)


def home_figure(client, name: str) -> int:
    html = client.get("/").content.decode()
    return int(re.search(rf"<dt>{name}</dt><dd>(\d+)</dd>", html).group(1))


class TestFiguresFollowEveryChange:
    @pytest.fixture
    def two_maps(self, condition, members, valencia):
        other = ConditionFactory(name="Alport syndrome")
        alice, _bob = members
        MembershipFactory(member=alice, condition=other)  # alice on both maps: one person
        return condition, other

    def test_to_begin_with(self, client, two_maps):
        assert home_people(client) == 2
        assert_figures_true(client, *two_maps)

    def test_join(self, client, two_maps, valencia):
        newcomer = make_member("newcomer", "Newcomer", valencia)
        assert client_for(newcomer.user).post(join_url(two_maps[1]), {"role": Role.FAMILY}).status_code == 302
        assert home_people(client) == 3
        assert Condition.objects.get(pk=two_maps[1].pk).map_people == 2
        assert_figures_true(client, *two_maps)

    def test_joining_a_second_map_counts_nobody_twice(self, client, two_maps, bob):
        assert client_for(bob).post(join_url(two_maps[1]), {"role": Role.PATIENT}).status_code == 302
        assert home_people(client) == 2
        assert Condition.objects.get(pk=two_maps[1].pk).map_people == 2
        assert_figures_true(client, *two_maps)

    def test_leave(self, client, two_maps, bob, alice):
        client_for(bob).post(leave_url(two_maps[0].slug))
        assert home_people(client) == 1
        client_for(alice).post(leave_url(two_maps[0].slug))  # still on the other map
        assert home_people(client) == 1
        assert Condition.objects.get(pk=two_maps[0].pk).map_people == 0
        assert_figures_true(client, *two_maps)

    def test_hide_and_unhide(self, client, two_maps, alice):
        profile = alice.profile
        response = client_for(alice).post(PROFILE_URL, profile_data(profile, visibility=Visibility.HIDDEN))
        assert response.status_code == 302
        assert home_people(client) == 1
        assert [Condition.objects.get(pk=item.pk).map_people for item in two_maps] == [1, 0]
        assert_figures_true(client, *two_maps)
        profile.refresh_from_db()
        client_for(alice).post(PROFILE_URL, profile_data(profile, visibility=Visibility.COUNTED))
        assert home_people(client) == 2
        assert [Condition.objects.get(pk=item.pk).map_people for item in two_maps] == [2, 1]
        assert_figures_true(client, *two_maps)

    def test_delete_account(self, client, two_maps, alice):
        response = client_for(alice).post(reverse("community:delete_account"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        assert home_people(client) == 1
        assert [Condition.objects.get(pk=item.pk).map_people for item in two_maps] == [1, 0]
        assert_figures_true(client, *two_maps)

    def test_role_change_counts_the_same(self, client, two_maps, bob):
        before = Condition.objects.get(pk=two_maps[0].pk).map_version
        assert (
            client_for(bob).post(role_url(two_maps[0].slug), {f"{two_maps[0].slug}-role": Role.CAREGIVER}).status_code
            == 302
        )
        assert Membership.objects.get(member=bob.profile, condition=two_maps[0]).role == Role.CAREGIVER
        assert home_people(client) == 2
        assert Condition.objects.get(pk=two_maps[0].pk).map_version > before  # the roles' figures moved
        assert_figures_true(client, *two_maps)

    def test_deactivating_and_confirming_an_email(self, client, two_maps, bob, valencia):
        bob.is_active = False
        bob.save()
        assert home_people(client) == 1
        assert_figures_true(client, *two_maps)
        unconfirmed = make_member("late", "Late confirmer", valencia)
        unconfirmed.user.emailaddress_set.update(verified=False)
        unconfirmed.save()  # the copy follows: hidden until confirmed
        MembershipFactory(member=unconfirmed, condition=two_maps[0])
        assert home_people(client) == 1
        verify_email(unconfirmed.user)
        assert home_people(client) == 2
        assert_figures_true(client, *two_maps)

    def test_publishing_and_withdrawing_a_condition(self, client, two_maps, draft_condition, valencia):
        hidden_away = make_member("drafty", "Only on a draft", valencia)
        MembershipFactory(member=hidden_away, condition=draft_condition)
        assert home_people(client) == 2
        draft_condition.is_published = True
        draft_condition.save()
        assert home_people(client) == 3
        two_maps[1].is_published = False
        two_maps[1].save()
        assert home_people(client) == 3  # alice is still on the first map
        assert_figures_true(client, *two_maps, draft_condition)


@pytest.mark.django_db(transaction=True)
def test_joins_at_once_lose_no_count(client, condition, valencia):
    joiners = [make_member(f"joiner{number}", f"Joiner {number}", valencia) for number in range(8)]
    results = run_at_once(
        [
            lambda user=profile.user: client_for(user).post(join_url(condition), {"role": Role.PATIENT})
            for profile in joiners
        ]
    )
    assert results == [302] * len(joiners), results
    assert Condition.objects.get(pk=condition.pk).map_people == 8
    assert home_people(client) == 8
    assert_figures_true(client, condition)
