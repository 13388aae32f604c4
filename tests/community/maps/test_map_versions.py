"""Versions that move only for what changed: answers and votes move the question's pages and the
condition page's question list, never the map's figures or places data; joining, leaving, hiding
or moving moves the map's version (and so the condition page, which shows the map), never the
question pages. Map entries live no longer than a map version usually does."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.maps import caching
from community.models import Visibility
from conditions.models import Condition, Question
from tests.community.answers.helpers import helpful_url, post_answer
from tests.community.maps.helpers import map_url, member_on
from tests.community.members.helpers import PROFILE_URL, join_url, leave_url, profile_data
from tests.factories import QuestionFactory, client_for

pytestmark = pytest.mark.django_db


def places_url(condition) -> str:
    return reverse("api:condition-map-places", args=[condition.slug])


MAP_TABLES = ("community_membership", "community_placecount", "community_rolecount", "community_agecount")


def map_data_queries(condition, *clients) -> list[str]:
    """Load the map page and its places data as each client; the queries that read the map's
    memberships or their counts (community/models/map_counts.py)."""
    with CaptureQueriesContext(connection) as queries:
        for client in clients:
            assert client.get(map_url(condition)).status_code == 200
            assert client.get(places_url(condition)).status_code == 200
    return [query["sql"] for query in queries if any(table in query["sql"] for table in MAP_TABLES)]


def versions(condition, question) -> dict:
    return {
        "map": Condition.objects.get(pk=condition.pk).map_version,
        "condition page": Condition.objects.content_version(condition.slug),
        "question page": Question.objects.content_version(condition.slug, question.slug),
        "map page": Condition.objects.map_page_version(condition.slug),
        "causes page": Condition.objects.article_version(condition.slug),
        "question list": Condition.objects.questions_version(condition.slug),
    }


PAGES_VOTES_LEAVE = ("condition page", "map page", "causes page", "question list")
PAGES_MAPS_LEAVE = ("question page", "causes page", "question list")


@pytest.fixture
def readers(client, charlie):
    return client, client_for(charlie)


class TestAnswersLeaveTheMapAlone:
    def test_an_answer_does_not_rebuild_the_maps_figures_or_places(self, readers, condition, members, treatment, alice):
        assert map_data_queries(condition, *readers)  # built once
        before = versions(condition, treatment)
        assert post_answer(alice, treatment).status_code == 302
        after = versions(condition, treatment)
        assert after["map"] == before["map"]
        assert after["question page"] != before["question page"]
        assert after["condition page"] != before["condition page"]  # its question list shows answers
        assert after["question list"] != before["question list"]  # answer counts, latest activity
        assert after["map page"] == before["map page"]
        assert after["causes page"] != before["causes page"]  # it counts the answers that informed it
        assert map_data_queries(condition, *readers) == []  # figures and places from the caches

    def test_the_cached_question_list_counts_a_new_answer(self, client, condition, members, treatment, alice):
        questions_url = f"{condition.get_absolute_url()}questions/"
        waiting = client.get(questions_url).content.decode().count("No answers yet")
        assert post_answer(alice, treatment).status_code == 302
        html = client.get(questions_url).content.decode()
        assert html.count("No answers yet") == waiting - 1
        assert "1 answer" in html

    def test_a_vote_does_not_rebuild_the_map(self, readers, condition, members, treatment, alice, bob):
        post_answer(alice, treatment)
        answer = treatment.answers.get()
        assert map_data_queries(condition, *readers)
        before = versions(condition, treatment)
        assert client_for(bob).post(helpful_url(answer), {"helpful": "1"}).status_code in (200, 302)
        assert treatment.answers.get().votes.count() == 1
        after = versions(condition, treatment)
        assert after["map"] == before["map"]
        assert after["question page"] != before["question page"]
        assert [after[page] for page in PAGES_VOTES_LEAVE] == [before[page] for page in PAGES_VOTES_LEAVE]
        assert map_data_queries(condition, *readers) == []


class TestAnAnswerMovesOnlyItsOwnQuestionsPage:
    """Another question's page lists this one by its wording only: it stays cached."""

    def test_an_answer_to_another_question(self, condition, members, treatment, alice):
        other = QuestionFactory(condition=condition, text="Which doctor helped you most?")
        before = versions(condition, other)
        assert post_answer(alice, treatment).status_code == 302
        after = versions(condition, other)
        assert after["question page"] == before["question page"]
        assert after["condition page"] != before["condition page"]

    @pytest.mark.parametrize("change", ["rename the condition", "add a question", "reword a question"])
    def test_what_every_question_page_shows_moves_them_all(self, condition, treatment, change):
        other = QuestionFactory(condition=condition, text="Which doctor helped you most?")
        before = versions(condition, other)
        if change == "rename the condition":
            condition.name = "Gestational alloimmune liver disease"
            condition.save()
        if change == "add a question":
            QuestionFactory(condition=condition, text="Did a diet help?")
        if change == "reword a question":
            treatment.text = "Which treatments helped you, and how?"
            treatment.save()
        after = versions(condition, other)
        assert [page for page in before if page != "map" and after[page] == before[page]] == []  # every page moves

    def test_the_cached_page_shows_the_new_wording_of_another_question(self, client, condition, treatment):
        other = QuestionFactory(condition=condition, text="Which doctor helped you most?")
        assert "Which doctor helped you most?" in client.get(other.get_absolute_url()).content.decode()
        treatment.text = "Which <em>treatments</em> helped you, and how?"
        treatment.save()
        html = client.get(other.get_absolute_url()).content.decode()
        assert "Which &lt;em&gt;treatments&lt;/em&gt; helped you, and how?" in html


class TestMapChangesMoveTheMapOnly:
    @pytest.mark.parametrize("change", ["join", "leave", "hide", "move"])
    def test_a_change_of_who_is_where_moves_the_map_but_not_the_question_page(
        self, readers, condition, members, treatment, bob, places, change
    ):
        assert map_data_queries(condition, *readers)
        before = versions(condition, treatment)
        if change == "join":
            member_on(condition, "newcomer", places["valencia"])
        if change == "leave":
            client_for(bob).post(leave_url(condition.slug))
        if change in ("hide", "move"):
            edit = {"visibility": Visibility.HIDDEN} if change == "hide" else {"place": str(places["munich"].pk)}
            assert client_for(bob).post(PROFILE_URL, profile_data(bob.profile, **edit)).status_code == 302
        after = versions(condition, treatment)
        assert after["map"] > before["map"]
        assert after["condition page"] != before["condition page"]  # its "N people in the map" teaser
        assert after["map page"] != before["map page"]
        assert [after[page] for page in PAGES_MAPS_LEAVE] == [before[page] for page in PAGES_MAPS_LEAVE]
        assert map_data_queries(condition, *readers)  # rebuilt, fresh

    def test_joining_through_the_page_moves_the_map(self, condition, treatment, alice, charlie):
        before = versions(condition, treatment)
        client_for(alice).post(join_url(condition), {"role": "patient"})
        after = versions(condition, treatment)
        assert after["map"] == before["map"] + 1
        assert after["question page"] == before["question page"]
        html = client_for(charlie).get(condition.get_absolute_url()).content.decode()
        assert 'data-people="1"' in html


def test_map_entries_live_an_hour_at_most(client, condition, members, monkeypatch):
    """On any cache backend (LocMem, or Redis in CI's Redis pass): every map entry is written with a
    timeout of an hour at most."""
    backend = caches["default"]
    timeouts = {}
    write = backend.set

    def recording_set(key, value, timeout=DEFAULT_TIMEOUT, version=None):
        timeouts[key] = timeout
        return write(key, value, timeout, version)

    monkeypatch.setattr(backend, "set", recording_set)
    client.get(map_url(condition))
    client.get(places_url(condition))
    map_entries = {key: timeout for key, timeout in timeouts.items() if key.startswith("map-")}
    assert {key.split(":")[0] for key in map_entries} >= {"map-tally", "map-places"}
    for key, timeout in map_entries.items():
        assert timeout is not DEFAULT_TIMEOUT and 0 < timeout <= caching.MAP_VERSION_SECONDS, key
