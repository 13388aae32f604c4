"""Per-member rate limits for what members write (answers, votes, reports), counted in the cache
in fixed windows. Production runs several processes, so it needs a shared cache (REDIS_URL)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def within_limit(user, action: str) -> bool:
    """Count one `action` by `user`; False once they did it more often than the settings allow."""
    allowed, seconds = settings.MEMBER_RATE_LIMITS[action]
    key = f"limit:{action}:{user.pk}:{int(time.time() // seconds)}"
    cache.add(key, 0, seconds)
    try:
        done = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        done = 1
    return done <= allowed
