"""Sessions kept in the database and read from the cache: a signed-in request usually costs no
session query. With Redis down, the cache (ResilientRedisCache) misses and writes nothing, so
sessions are read from and written to the database as before.

A session is kept in the cache for at most `CACHE_SECONDS`, not for the session's whole life: a
session ended (a logout) while Redis could not be reached cannot delete its cached copy, and that
copy must not sign anyone in again for long once Redis is back. The user's own row is still read
on every request, so a suspended or deleted member, or a changed password, ends a session at once.
"""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db

CACHE_SECONDS = 60


class ShortLived:
    """The cache, with every session's lifetime in it capped at CACHE_SECONDS."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, key, default=None):
        return self.cache.get(key, default)

    def set(self, key, value, timeout=None):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return self.cache.set(key, value, timeout)

    def delete(self, key):
        return self.cache.delete(key)

    def __contains__(self, key) -> bool:
        return key in self.cache

    async def aget(self, key, default=None):
        return await self.cache.aget(key, default)

    async def aset(self, key, value, timeout=None):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return await self.cache.aset(key, value, timeout)

    async def adelete(self, key):
        return await self.cache.adelete(key)


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "diseasemaps.sessions"

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = ShortLived(self._cache)
