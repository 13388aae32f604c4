"""Sessions are read from the cache, so that a signed-in page usually costs no session query
(issue 13, item 9), and keep working from the database when Redis is down."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from diseasemaps import cache as resilient
from diseasemaps import sessions
from tests.factories import client_for

pytestmark = pytest.mark.django_db

BROKEN_CACHES = {
    "default": {
        "BACKEND": "diseasemaps.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.05, "socket_timeout": 0.05},
    }
}


@pytest.fixture
def redis_down(settings):
    resilient.Health.reset()
    settings.CACHES = BROKEN_CACHES
    yield
    resilient.Health.reset()


def map_url(condition) -> str:
    return reverse("condition_map", args=[condition.slug])


def test_a_members_map_page_reads_no_session_row_once_cached(
    condition, alice_on_the_map, alice, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(map_url(condition))
    with django_assert_max_num_queries(2) as queries:  # the user and the condition's version
        assert "See them as a list" in client.get(map_url(condition)).content.decode()
    assert not any("django_session" in query["sql"] for query in queries.captured_queries)


def test_a_members_condition_page_costs_three_queries_once_cached(
    condition, alice_on_the_map, alice, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(condition.get_absolute_url())
    with django_assert_max_num_queries(3):  # the user, the condition's version, her own membership
        assert "You are on this map." in client.get(condition.get_absolute_url()).content.decode()


def test_a_session_stays_in_the_cache_a_minute_at_most(alice, monkeypatch):
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout=None: timeouts.append(timeout) or real_set(key, value, timeout)
    )
    client_for(alice)
    assert timeouts and max(timeouts) <= sessions.CACHE_SECONDS


def test_a_logged_out_session_is_gone_from_the_cache_too(client, condition, alice):
    member = client_for(alice)
    cookie = member.cookies["sessionid"].value
    member.get(map_url(condition))
    member.post(reverse("account_logout"))
    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    html = client.get(map_url(condition)).content.decode()
    assert "Log out" not in html and "See them as a list" not in html


def test_members_stay_signed_in_and_get_their_pages_while_redis_is_down(redis_down, condition, alice_on_the_map, alice):
    client = client_for(alice)
    for _ in range(2):
        page = client.get(condition.get_absolute_url()).content.decode()
        assert "You are on this map." in page and "Log out" in page
        assert "See them as a list" in client.get(map_url(condition)).content.decode()
    assert client.post(reverse("account_logout")).status_code == 302
    assert "Log out" not in client.get(map_url(condition)).content.decode()
