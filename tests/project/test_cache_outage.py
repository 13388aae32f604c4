"""With the cache down (a Redis whose every call fails), pages render uncached, writes succeed, rate
limits still hold, and the log says so once a minute, not once a request (issue 13, item 4)."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from community.models import Membership
from conditions.models import Answer, HelpfulVote
from diseasemaps import cache as resilient
from tests.broken_cache import BROKEN_CACHES, RaisingClient
from tests.community.answers.helpers import answer_url, helpful_url, post_answer
from tests.community.members.helpers import join_url, log_in, signed_in_user_id
from tests.factories import PASSWORD, ConditionFactory, UserFactory, client_for

CLOSED = "Logging in is paused for a moment"


@pytest.fixture(autouse=True)
def cache_down(settings):
    """Every test here runs with Redis down, each with a fresh record of the cache's health."""
    resilient.Health.reset()
    settings.CACHES = BROKEN_CACHES
    yield
    resilient.Health.reset()


@pytest.fixture
def question(treatment):
    return treatment


def public_pages(condition, question) -> list[str]:
    return [
        "/",
        condition.get_absolute_url(),
        reverse("condition_map", args=[condition.slug]),
        reverse("api:condition-map-places", args=[condition.slug]),
        question.get_absolute_url(),
    ]


class TestPagesRenderUncached:
    def test_visitors_get_every_public_page(self, client, members, condition, question):
        resilient.Health.reset()  # saving the fixtures' places already found the cache down
        calls = RaisingClient.calls
        for url in public_pages(condition, question):
            response = client.get(url)
            assert response.status_code == 200, url
        assert RaisingClient.calls > calls  # the cache was asked, and failed

    def test_visitors_get_them_twice(self, client, members, condition, question):
        for url in public_pages(condition, question) * 2:
            assert client.get(url).status_code == 200, url

    def test_members_get_every_public_page(self, members, alice, condition, question):
        client = client_for(alice)
        for url in public_pages(condition, question):
            assert client.get(url).status_code == 200, url


class TestWritesSucceed:
    def test_a_member_answers(self, alice_on_the_map, alice, question):
        response = client_for(alice).post(answer_url(question), {"text": "Rest helped me."})
        assert response.status_code == 302
        assert Answer.objects.filter(author=alice, question=question).exists()

    def test_a_member_votes(self, members, bob, alice, question):
        post_answer(alice, question)
        answer = Answer.objects.get(author=alice, question=question)
        response = client_for(bob).post(helpful_url(answer), {"helpful": "1"})
        assert response.status_code == 302
        assert HelpfulVote.objects.filter(answer=answer, voter=bob).exists()

    def test_a_member_sends_a_message(self, connected, alice):
        url = reverse("community:thread", args=[connected.public_id])
        response = client_for(alice).post(url, {"body": "Hello from Valencia"})
        assert response.status_code == 302
        assert connected.messages.filter(body="Hello from Valencia").exists()

    def test_a_member_joins_a_map(self, alice, condition):
        other = ConditionFactory(is_published=True)
        response = client_for(alice).post(join_url(other), {"role": "family"})
        assert response.status_code == 302
        assert Membership.objects.filter(member=alice.profile, condition=other).exists()


class TestRateLimitsHold:
    def test_answers_are_still_limited_counted_in_the_database(self, settings, alice_on_the_map, alice, condition):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "answer": (2, 3600)}
        client = client_for(alice)
        questions = list(condition.questions.all()[:3])
        for question in questions:
            client.post(answer_url(question), {"text": "From experience."})
        assert Answer.objects.filter(author=alice).count() == 2

    def test_members_seen_are_still_limited(self, settings, members, stranger, bob, condition):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "profile_view": (1, 3600)}
        client = client_for(bob)
        profile = stranger.get_absolute_url()
        assert client.get(profile).status_code == 200
        assert client.get(profile).status_code == 429

    def test_logins_are_refused_with_a_clear_message(self, client, alice):
        response = log_in(client, alice.email, PASSWORD)
        assert response.status_code == 503
        assert CLOSED in response.content.decode()
        assert signed_in_user_id(client) is None

    def test_a_password_guesser_gets_nowhere_and_fills_no_log(self, client, db, caplog):
        victim = UserFactory()
        for attempt in range(7):  # the limit is 5 failures
            response = log_in(client, victim.email, f"guess {attempt}")
            assert response.status_code == 503
        assert signed_in_user_id(client) is None
        assert [r for r in caplog.records if r.name == "django.request"] == []  # the request log has them

    def test_sign_up_and_password_reset_are_refused_too(self, client, db):
        assert client.post(reverse("account_signup"), {"email": "new@example.org"}).status_code == 503
        assert client.post(reverse("account_reset_password"), {"email": "new@example.org"}).status_code == 503

    def test_once_the_cache_is_known_down_logins_are_refused_at_once(self, client, alice, monkeypatch):
        """Not after waiting a second for allauth's lock in the dead cache: a guesser must not be
        able to keep every worker waiting."""
        from allauth.core.internal import ratelimit

        resilient.Health.failed(ConnectionError("down"))

        def waits_for_the_lock(*args, **kwargs):
            raise AssertionError("allauth's limiter was asked while the cache is known to be down")

        monkeypatch.setattr(ratelimit, "_consume_single_rate", waits_for_the_lock)
        for _attempt in range(3):
            response = log_in(client, alice.email, "guess")
            assert response.status_code == 503
            assert CLOSED in response.content.decode()
        assert client.post(reverse("account_signup"), {"email": "new@example.org"}).status_code == 503

    def test_logging_out_still_works(self, alice):
        client = client_for(alice)
        resilient.Health.failed(ConnectionError("down"))
        response = client.post(reverse("account_logout"))
        assert response.status_code == 302
        assert signed_in_user_id(client) is None

    def test_the_login_page_itself_shows(self, client, db):
        assert client.get(reverse("account_login")).status_code == 200


class TestLog:
    def test_one_line_a_minute_not_one_a_request(self, client, members, condition, question, caplog, monkeypatch):
        clock = [1000.0]
        monkeypatch.setattr(resilient.time, "monotonic", lambda: clock[0])
        resilient.Health.reset()  # saving the fixtures' places already found the cache down
        with caplog.at_level(logging.WARNING, logger="diseasemaps.cache"):
            for url in public_pages(condition, question) * 3:
                client.get(url)
                clock[0] += 2
            assert len(outage_lines(caplog)) == 1
            clock[0] += 60
            client.get(condition.get_absolute_url())
            assert len(outage_lines(caplog)) == 2

    def test_recovery_is_logged_once(self, caplog):
        with caplog.at_level(logging.WARNING, logger="diseasemaps.cache"):
            resilient.Health.failed(ConnectionError("down"))
            resilient.Health.succeeded()
            resilient.Health.succeeded()
        assert [r.message for r in caplog.records if "available again" in r.message] != []
        assert len([r for r in caplog.records if "available again" in r.message]) == 1
        assert resilient.available()


def outage_lines(caplog) -> list[str]:
    return [record.message for record in caplog.records if "cache unavailable" in record.message]


def test_members_sign_in_again_once_the_cache_is_back(client, alice, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    log_in(client, alice.email, PASSWORD)
    assert signed_in_user_id(client) == str(alice.pk)
