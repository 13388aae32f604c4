"""A cache whose Redis fails on every call, for the outage tests: the site's own resilient backend
(diseasemaps/cache.py) over a client that raises what redis-py raises when the server is down."""

from __future__ import annotations

from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from diseasemaps.cache import ResilientRedisCache

BROKEN_CACHES = {"default": {"BACKEND": "tests.broken_cache.BrokenCache", "LOCATION": "redis://127.0.0.1:1/0"}}


class RaisingClient:
    """Every method of Django's Redis client raises, as with a stopped server."""

    calls = 0

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            RaisingClient.calls += 1
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

        return fail


class BrokenCache(ResilientRedisCache):
    @property
    def _cache(self):
        return RaisingClient()


def broken_cache():
    """override_settings for a test (or a `with` block) during which the cache is down."""
    return override_settings(CACHES=BROKEN_CACHES)
