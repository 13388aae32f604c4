"""The disease catalogue at full size: Orphanet's and OMIM's diseases (about 13,000 conditions), imported
by `import_catalog --omim`, then search as you type, a letter of the A–Z and a catalogue condition's page
under gunicorn, each as a share of a bare "hello" view in the same run (as bench/pages.py), and the
search's server time with nothing cached.

Run from the project root: `.venv/bin/python bench/catalog.py` (`make bench` runs it) on a fresh SQLite
file in a temp dir; `--database-url postgres://…/diseasemaps_bench` runs it on PostgreSQL instead, in a
database whose name ends in `_bench`, dropped and created again. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pages  # bench/pages.py: gunicorn, wrk and their reports
from pages import BenchError, Page

SEARCHES = {"prefix": "wils", "misspelt": "hemocromatosys", "code": "ORPHA:905"}
SEARCH_TARGET = 0.30
CONDITION_TARGET = 0.40
SERVER_TARGET_MS = 30.0
REPEATS = 20
CONDITION_SNIPPET = """
from conditions.models import Condition
catalogue = Condition.objects.published().exclude(catalogue_version="").filter(articles__isnull=True)
chosen = catalogue.filter(orpha_code="3459").first() or catalogue.filter(phenotypes__isnull=False).first()
print(chosen.slug, Condition.objects.published().count())
"""
# The search's time at the server with nothing cached: the view in-process, the cache emptied each time.
SERVER_TIME_SNIPPET = """
import json, statistics, time
from django.core.cache import cache
from django.test import Client
client, rows = Client(), {}
client.get("/api/conditions/", {"q": "warm"})  # the first request of a process loads more code
for label, query in QUERIES.items():
    times = []
    for _ in range(REPEATS):
        cache.clear()
        started = time.perf_counter()
        response = client.get("/api/conditions/", {"q": query})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    rows[label] = [statistics.median(times), max(times), len(response.json()["results"])]
print(json.dumps(rows))
"""


def fresh_postgres(url: str) -> None:
    """Drop and create the bench database (its name must end in _bench), as its owner."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not name.endswith("_bench"):
        raise BenchError(f"--database-url {url}: the database's name must end in _bench (it is dropped)")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict[str, str]) -> tuple[str, int, str]:
    print("preparing: migrate, collectstatic, seed_demo, import_catalog --omim ...", flush=True)
    pages.manage(env, "migrate", "--noinput")
    pages.manage(env, "collectstatic", "--noinput")
    pages.manage(env, "seed_demo", "--force")
    started = time.monotonic()
    summary = pages.manage(env, "import_catalog", "--omim").strip().splitlines()[-1]
    print(f"import_catalog --omim: {time.monotonic() - started:.1f} s wall: {summary}", flush=True)
    slug, count = pages.manage(env, "shell", "-c", CONDITION_SNIPPET).split()[-2:]
    return slug, int(count), summary


def server_times(env: dict[str, str]) -> dict[str, list[float]]:
    snippet = SERVER_TIME_SNIPPET.replace("QUERIES", repr(SEARCHES)).replace("REPEATS", str(REPEATS))
    local = {**env, "ALLOWED_HOSTS": "testserver", "REQUEST_LOG": "0"}
    return json.loads(pages.manage(local, "shell", "-c", snippet).strip().splitlines()[-1])


def run(tmp: Path, database_url: str | None) -> int:
    wrk, seconds = pages.require_wrk(), pages.bench_seconds()
    env = pages.bench_env(tmp)
    # wrk is one client asking far faster than anyone types; a one-second window keeps the throttle's
    # history of requests short (DRF stores and rewrites it whole on every request).
    env["CONDITION_SEARCH_RATE"] = "1000000/s"
    if database_url:
        fresh_postgres(database_url)
        env["DATABASE_URL"] = database_url
    slug, conditions, _summary = prepare(env)
    times = server_times(env)
    port = pages.free_port()
    base = f"http://{pages.HOST}:{port}"
    measured = [Page("/healthz", "/healthz", None)]
    measured += [
        Page(f"search {label}: {query}", f"/api/conditions/?q={query}", '"results"')
        for label, query in SEARCHES.items()
    ]
    measured += [
        Page("A–Z letter W", "/conditions/?letter=w", "Wilson"),
        Page(f"catalogue condition /conditions/{slug}/", f"/conditions/{slug}/", "What the medical literature reports"),
    ]
    log_path = tmp / "gunicorn.log"
    process = pages.start_gunicorn(env, port, log_path)
    try:
        pages.wait_until_ready(process, base + "/healthz", log_path)
        for page in measured:
            pages.check_page(base + page.path, page.marker)
        results = [pages.measure(wrk, page, base, seconds) for page in measured]
    finally:
        pages.stop_gunicorn(process)
    database = "PostgreSQL" if database_url else "SQLite"
    report(results, times, seconds, conditions, database)
    return 0


def report(results: list[pages.Result], times: dict, seconds: int, conditions: int, database: str) -> None:
    hello = results[0]
    load = f"wrk -t{pages.WRK_THREADS} -c{pages.WRK_CONNECTIONS} -d{seconds}s"
    print(f"\ngunicorn 2 sync workers, {load}, DEBUG=0, {database}, {conditions:,} published conditions")
    print(f"{'page':<58} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'/hello':>7}  target")
    for result in results:
        ratio = result.rps / hello.rps
        target = target_of(result.page)
        verdict = "" if target is None else f">= {target:.2f} {'PASS' if ratio >= target else 'FAIL'}"
        figures = f"{result.rps:>11.1f} {result.p50_ms:>8.2f} {result.p99_ms:>8.2f} {ratio:>7.2f}"
        print(f"{result.page:<58} {figures}  {verdict}")
    print(f"\n/api/conditions/ at the server, nothing cached, {REPEATS} requests each:")
    for label, (median, worst, found) in times.items():
        verdict = "PASS" if worst <= SERVER_TARGET_MS else "FAIL"
        print(
            f"  {label:<9} {SEARCHES[label]!r:<18} median {median:6.2f} ms   max {worst:6.2f} ms   {found} results"
            f"   target: <= {SERVER_TARGET_MS:.0f} ms {verdict}"
        )


def target_of(page: str) -> float | None:
    if page.startswith("search"):
        return SEARCH_TARGET
    return CONDITION_TARGET if page.startswith("catalogue condition") else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="a PostgreSQL database whose name ends in _bench (dropped and made again)"
    )
    arguments = parser.parse_args()
    try:
        with tempfile.TemporaryDirectory(prefix="diseasemaps-catalog-") as tmp:
            return run(Path(tmp), arguments.database_url)
    except BenchError as error:
        print(f"\nbench: ERROR: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"\nbench: ERROR: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
