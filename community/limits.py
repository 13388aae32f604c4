"""Per-member rate limits for what members write (answers, votes, reports) and for how many members
they see, counted in the cache in fixed windows. Production runs several processes, so it needs a
shared cache (REDIS_URL). While the cache is down the same counters are kept in the database: a
limit never lets everything through because Redis stopped."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from diseasemaps.cache import CacheUnavailable, available
from diseasemaps.models import RateCounter

scraping = logging.getLogger("diseasemaps.scraping")


def within_limit(user, action: str, cost: int = 1) -> bool:
    """Count `cost` of `action` by `user` (one profile view, or a page of 30 names); False once they
    did it more often than the settings allow."""
    allowed, seconds = settings.MEMBER_RATE_LIMITS[action]
    key = f"limit:{action}:{user.pk}:{int(time.time() // seconds)}"
    try:
        done = count_in_cache(key, cost, seconds)
    except CacheUnavailable:
        done = None
    if done is None:
        done = RateCounter.objects.count_up(key, cost, seconds)
    return done <= allowed


def count_in_cache(key: str, cost: int, seconds: int) -> int | None:
    """The new count in the cache, or None when the cache failed on the way (CacheUnavailable)."""
    cache.add(key, 0, seconds)
    try:
        done = cache.incr(key, cost)
    except ValueError:  # expired between add and incr
        cache.set(key, cost, seconds)
        done = cost
    return done if available() else None


def may_see_members(user, count: int = 1) -> bool:
    """Count `count` members shown to `user` by name (a profile, a page of the people list, a
    place's popup) against PROFILE_VIEW_LIMIT, the one budget that keeps anyone from scraping."""
    if count == 0 or within_limit(user, "profile_view", count):
        return True
    scraping.warning("member %s saw more members than PROFILE_VIEW_LIMIT allows", user.pk)
    return False


def too_many_members(request):
    """The page for a member who saw more members than an hour allows."""
    message = _("To protect members, the number of members one can see in an hour is limited. Try later.")
    return render(request, "429.html", {"message": message}, status=429)
