"""Autocomplete speed: server time of /api/places/?q= on SQLite with the whole gazetteer.

Target: at most 50 ms per request. Run from the project root: `.venv/bin/python bench/places.py`
(`make bench` runs it). It builds its own SQLite database in a temporary folder, loads the
gazetteer (about 34,000 places), then times each query in-process, which is the server's time
without the network.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["a", "s", "sa", "san", "sao p", "valen", "munchen", "new y", "l", "lon", "ber", "ma", "zz", "xq"]
REPEATS = 20
TARGET_MS = 50.0


def prepare(env: dict[str, str]) -> None:
    for command in (["migrate", "--noinput", "-v0"], ["load_places"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def measure() -> list[tuple[str, float, float, int]]:
    import django

    django.setup()
    from django.test import Client

    client = Client()
    rows = []
    for query in QUERIES:
        client.get("/api/places/", {"q": query})  # warm-up
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            response = client.get("/api/places/", {"q": query})
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        rows.append((query, statistics.median(times), max(times), len(response.json())))
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{tmp}/places.sqlite3",
            "DJANGO_SETTINGS_MODULE": "diseasemaps.settings",
        }
        print("preparing: migrate, load_places ...", flush=True)
        prepare(env)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        from rest_framework.throttling import SimpleRateThrottle

        SimpleRateThrottle.THROTTLE_RATES = {"places": "1000000/min", "me": "1000000/min"}
        rows = measure()
    print(f"\n/api/places/ on SQLite, {REPEATS} requests per query, in-process server time")
    print(f"{'query':<10}{'median ms':>11}{'max ms':>9}{'results':>9}")
    for query, median, worst, count in rows:
        print(f"{query!r:<10}{median:>11.2f}{worst:>9.2f}{count:>9}")
    worst = max(row[2] for row in rows)
    verdict = "PASS" if worst <= TARGET_MS else "FAIL"
    print(f"\nslowest request: {worst:.1f} ms   target: <= {TARGET_MS:.0f} ms   {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
