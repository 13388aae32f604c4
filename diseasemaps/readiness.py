"""What /readyz checks: each part the site needs to serve, one small function each. A check returns
nothing when its part works and raises when it does not. Adding a part is one entry in `checks()`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connection

logger = logging.getLogger("diseasemaps.readiness")


class NotReady(Exception):
    pass


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """Write a key and read it back. The resilient backend swallows errors, so a cache that is down
    shows here as a value that does not come back."""
    cache = caches["default"]
    key, token = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 10)
    if cache.get(key) != token:
        raise NotReady("the cache did not give back what was written")
    cache.delete(key)


def check_tasks() -> None:
    """The task queue answers (diseasemaps/tasks.py: its table, or RQ's Redis)."""
    from diseasemaps.tasks import check_queue

    check_queue()


def checks() -> list[tuple[str, Callable[[], None]]]:
    found = [("database", check_database), ("cache", check_cache)]
    if getattr(settings, "TASKS", None):
        found.append(("tasks", check_tasks))
    return found


# Each part's last state in this process: the log says when a part changes, not at every probe.
last_states: dict[str, str] = {}


def report() -> tuple[bool, dict[str, str]]:
    """(whether all are ok, {part: "ok" or "unavailable"}). The reason goes to the log, not the answer."""
    parts = {}
    for name, check in checks():
        try:
            check()
        except Exception as error:  # any failure means not ready; the probe must answer, never raise
            if last_states.get(name) != "unavailable":
                logger.warning("readyz: %s unavailable: %s: %s", name, type(error).__name__, error)
            parts[name] = "unavailable"
        else:
            if last_states.get(name) == "unavailable":
                logger.warning("readyz: %s ok again", name)
            parts[name] = "ok"
        last_states[name] = parts[name]
    return all(state == "ok" for state in parts.values()), parts
