"""The real thing: a redis-server of our own, stopped while the site serves (issue 13, item 4).
Needs Debian's redis-server on the PATH; it fails, never skips, without it (CI installs it)."""

from __future__ import annotations

import time
from unittest.mock import patch

import pytest
import redis as redis_lib

from conditions.models import Answer
from diseasemaps import cache as resilient
from tests.community.answers.helpers import answer_url
from tests.factories import client_for
from tests.redis_server import RedisServer, free_port

pytestmark = pytest.mark.redis


@pytest.fixture
def redis(settings):
    server = RedisServer(free_port())
    server.start()
    resilient.Health.reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "diseasemaps.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield server
    server.stop()
    resilient.Health.reset()


def test_the_site_keeps_serving_when_redis_stops_and_uses_it_again_when_it_is_back(
    redis, client, members, alice, condition, treatment, hereditary
):
    pages = ["/", condition.get_absolute_url(), f"{condition.get_absolute_url()}map/", treatment.get_absolute_url()]
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert client.get("/readyz").status_code == 200

    redis.stop()
    for url in pages * 2:
        assert client.get(url).status_code == 200, url
    member = client_for(alice)
    assert member.post(answer_url(treatment), {"text": "Written while Redis was down."}).status_code == 302
    assert Answer.objects.filter(author=alice, question=treatment).exists()
    assert client.get("/readyz").status_code == 503

    redis.start()
    time.sleep(resilient.RETRY_SECONDS + 0.1)
    assert client.get("/readyz").status_code == 200
    assert resilient.available()


def test_cached_pages_reuse_one_redis_client_and_it_survives_a_restart(redis, client, condition):
    url = condition.get_absolute_url()
    assert client.get(url).status_code == 200
    built = []
    original = redis_lib.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    with patch.object(redis_lib.Redis, "__init__", counting):
        for _ in range(5):
            assert client.get(url).status_code == 200
        redis.stop()
        redis.start()
        time.sleep(resilient.RETRY_SECONDS + 0.1)
        client.get(url)  # the first call after the restart may find the old connection closed
        assert client.get(url).status_code == 200
        assert condition.name in client.get(url).text
    assert built == []
    assert resilient.available()
