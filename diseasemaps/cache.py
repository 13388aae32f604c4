"""A Redis cache that degrades instead of breaking: with Redis down or slow, reads miss and writes do
nothing, so pages render uncached and writes succeed. The failure is logged at most once a minute
per process, and once when Redis is back.

Only counters cannot pretend: `incr` (and so `decr`) raises `CacheUnavailable`, so that a rate limit never
reads "nothing counted yet" during an outage (community/limits.py counts in the database then).
`available()` tells whether the last call reached the cache; the login's 429 handler and /readyz
use it. After a failure the cache is not asked again for `RETRY_SECONDS`, so an unreachable host
costs one timeout, not one per call.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("diseasemaps.cache")

LOG_EVERY_SECONDS = 60
RETRY_SECONDS = 1.0
ERRORS = (RedisError, OSError)


class CacheUnavailable(Exception):
    """A counter was asked for while the cache cannot be reached."""


class Health:
    """The cache's state in this process (shared by the threads' cache objects)."""

    failing_since: float | None = None
    last_failure = 0.0
    last_logged: float | None = None

    @classmethod
    def failed(cls, error: Exception) -> None:
        now = time.monotonic()
        cls.last_failure = now
        if cls.failing_since is None:
            cls.failing_since = now
        if cls.last_logged is None or now - cls.last_logged >= LOG_EVERY_SECONDS:
            cls.last_logged = now
            logger.error(
                "cache unavailable, serving without it (logged once a minute): %s: %s", type(error).__name__, error
            )

    @classmethod
    def succeeded(cls) -> None:
        if cls.failing_since is not None:
            logger.warning("cache available again after %.0f s", time.monotonic() - cls.failing_since)
            cls.failing_since = None
            cls.last_logged = None

    @classmethod
    def resting(cls) -> bool:
        """Whether the cache failed so recently that it is not worth asking yet."""
        return cls.failing_since is not None and time.monotonic() - cls.last_failure < RETRY_SECONDS

    @classmethod
    def reset(cls) -> None:
        cls.failing_since, cls.last_failure, cls.last_logged = None, 0.0, None


def available(cache=None) -> bool:
    """Whether the cache answered its last call (always True for backends that raise instead)."""
    cache = caches["default"] if cache is None else cache
    return not isinstance(cache, ResilientRedisCache) or Health.failing_since is None


def degrading(name: str, fallback):
    """Wrap RedisCache.<name> to give `fallback(*args, **kwargs)` when Redis fails."""
    method = getattr(RedisCache, name)

    def wrapper(self, *args, **kwargs):
        if Health.resting():
            return fallback(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except ERRORS as error:
            Health.failed(error)
            return fallback(*args, **kwargs)
        Health.succeeded()
        return result

    wrapper.__name__ = name
    return wrapper


def unavailable_counter(*args, **kwargs):
    raise CacheUnavailable


def default_of_get(key, default=None, version=None):
    return default


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a redis.Redis for every call, and redis-py fills its table of about
    170 response callbacks each time: a third of a cached page's cache read. One per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # the pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, but a failing Redis is a miss on read and a no-op on write."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = degrading("get", default_of_get)
    get_many = degrading("get_many", lambda *args, **kwargs: {})
    has_key = degrading("has_key", lambda *args, **kwargs: False)
    set = degrading("set", lambda *args, **kwargs: None)
    add = degrading("add", lambda *args, **kwargs: False)
    touch = degrading("touch", lambda *args, **kwargs: False)
    set_many = degrading("set_many", lambda *args, **kwargs: [])
    delete = degrading("delete", lambda *args, **kwargs: False)
    delete_many = degrading("delete_many", lambda *args, **kwargs: None)
    clear = degrading("clear", lambda *args, **kwargs: False)
    incr = degrading("incr", unavailable_counter)
