"""The map's cache of pickled objects: the tally of a condition's members (figures.Tally) and the
JSON bodies of the map's data (render.Payload), in Redis in production.

A pickled object names its class by module path. When a deploy moves or changes such a class, an
entry written by the previous code could fail to load, or load as something else, and break a page.
So CACHE_VERSION is part of every key, and is bumped with such a change: the new code never reads
the old entries, which expire on their own. Should an entry still fail to load, it is a miss."""

from __future__ import annotations

import logging
import pickle

from django.core.cache import cache

# How long an entry keyed on a map's version lives. The version moves with every join, leave or
# hide, so on a busy map an entry is garbage within minutes: an hour bounds what the old versions
# hold (with `maxmemory-policy allkeys-lru`, Redis drops them first), and a quiet map's entries
# are rebuilt once an hour at most, in one GROUP BY (see README, "Redis memory").
MAP_VERSION_SECONDS = 3600

# Bump when Tally or Payload move to another module or change their fields.
# 2: figures.py and maps.py, at the top of community/ until issue 12, moved here as figures.py and render.py.
CACHE_VERSION = 2

logger = logging.getLogger(__name__)


def versioned_key(kind: str, *parts: object) -> str:
    """`map-<kind>:v<CACHE_VERSION>:<parts>`, the key of a cached map object."""
    return ":".join([f"map-{kind}", f"v{CACHE_VERSION}", *map(str, parts)])


def cache_get(key: str):
    """The cached object, or None if there is none or it cannot be loaded any more."""
    try:
        return cache.get(key)
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError) as error:
        logger.warning("The cache entry %s could not be loaded (%s): counted as a miss", key, error)
        return None
