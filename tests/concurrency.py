"""Concurrent requests for the tests of races (duplicate requests, votes, answers)."""

from __future__ import annotations

import threading
import time

from django.contrib.sessions.backends.base import UpdateError
from django.db import OperationalError, connections


def run_at_once(requests) -> list:
    """Send the requests from as many threads at the same moment; their status codes."""
    start = threading.Barrier(len(requests))
    results: list = []

    def send(request) -> None:
        try:
            start.wait(timeout=10)
            for _attempt in range(100):
                try:
                    status = request().status_code
                    if status == 503 and connections["default"].vendor == "sqlite":
                        time.sleep(0.01)  # the same refusal, answered "back in a moment" (diseasemaps/errors.py)
                        continue
                    results.append(status)
                    break
                except (OperationalError, UpdateError) as error:
                    # SQLite's shared in-memory test database refuses a second writer at once:
                    # try again, as a browser would. PostgreSQL takes them all at once.
                    locked = isinstance(error, UpdateError) or "locked" in str(error)
                    if connections["default"].vendor != "sqlite" or not locked:
                        raise
                    time.sleep(0.01)
        except Exception as error:  # reported below, not lost in the thread
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
