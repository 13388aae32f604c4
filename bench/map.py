"""World map speed and size: the map page and its GeoJSON at 100,000 members, against a naive folium map.

Run from the project root: `.venv/bin/python bench/map.py [--members N] [--postgres-only]`. See bench/README.md.

For each database (SQLite in a temporary folder; and PostgreSQL too when DATABASE_URL points at one,
in a fresh database created and dropped by this script), it seeds 100,000 demo members on one
condition and 10,000 on another, then, in a child process set up on that database, times requests
in-process with django.test.Client (the server's time without the network). Nothing is cached in
Redis: REDIS_URL is ignored, so the cache is this process's own memory and can be cleared freely.

After the map it times what issue 13 asks at any size (item 10, `--members 1000000`): the places data
right after one member joins (which moves the map's version, so nothing of the map is cached), and the home
page, uncached.

Targets at 100,000 members: uncached map page <= 150 ms, cached <= 15 ms, page + data <= 300 KB
(the page as served, the compact places data it loads gzipped, and the countries' TopoJSON gzipped),
and at least 100x faster than one folium.Marker per member at 10,000 members (our page and its data,
uncached, on the same 10,000 members; the ratio against our 100,000-member map is printed too).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SLUG = "neonatal-hemochromatosis"
NAIVE_SLUG = "wilson-disease"
MEMBERS = 100_000
NAIVE_MEMBERS = 10_000
MIN_PLACES = 5_000
UNCACHED_RUNS = 5
CACHED_RUNS = 50
NAIVE_RUNS = 3
TOPOJSON = "vendor/world-atlas/countries-110m.json"
MAP_MARKER = "people in the map"
KB = 1000
TARGET_UNCACHED_MS = 150.0
TARGET_CACHED_MS = 15.0
TARGET_KB = 300.0
TARGET_SPEEDUP = 100.0
TARGET_PLACES_MS = 300.0  # the places data, uncached (issue 13, item 10)
TARGET_AFTER_JOIN_MS = 100.0  # the places data right after one join (items 3 and 10)
TARGET_HOME_MS = 20.0
JOIN_RUNS = 5
HOME_RUNS = 20
MEMBERS_FLAG = "--members"
MANAGE_TIMEOUT = 3600  # seeding a million members takes minutes
MEASURE_FLAG = "--measure"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
STATIC_RE = re.compile(r'(?:src|href)="/static/([^"?#]+)"')


class BenchError(Exception):
    """Something broke: the figures would be meaningless."""


@dataclass
class Timing:
    uncached_ms: float
    cached_ms: float
    uncached_queries: int
    cached_queries: int
    size: int  # bytes as served
    raw_size: int  # bytes before compression
    gzip_size: int  # bytes with gzip (as served for the GeoJSON; what a gzip proxy would send for the page)
    features: int = 0


@dataclass
class AudienceResult:
    audience: str
    page: Timing
    places: Timing  # the map page's own data, in compact columns
    geojson: Timing  # the open API's GeoJSON


@dataclass
class NaiveResult:
    members: int
    query_ms: float
    total_ms: float
    size: int
    ours_ms: float = 0.0  # our map page and its data, uncached, on the same 10,000 members


@dataclass
class BackendResult:
    backend: str
    members: int
    counted: int
    places: int
    audiences: list[AudienceResult]
    naive: NaiveResult
    topojson_raw: int
    topojson_gzip: int
    assets: list[tuple[str, int, int]] = field(default_factory=list)  # (path, raw, gzip) of scripts and styles
    setup_s: float = 0.0
    after_join: dict[str, float] = field(default_factory=dict)  # audience -> places data ms right after a join
    after_join_queries: int = 0
    home_ms: float = 0.0  # the home page, uncached
    home_cached_ms: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BackendResult:
        audiences = [
            AudienceResult(row["audience"], Timing(**row["page"]), Timing(**row["places"]), Timing(**row["geojson"]))
            for row in data.pop("audiences")
        ]
        naive = NaiveResult(**data.pop("naive"))
        assets = [tuple(asset) for asset in data.pop("assets")]
        return cls(audiences=audiences, naive=naive, assets=assets, **data)


# --- setup, in the parent process ---------------------------------------------------------------


def bench_env(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "diseasemaps.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # never clear a shared cache: each process gets its own memory cache
    return env


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=MANAGE_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"manage.py {' '.join(args)} took more than {MANAGE_TIMEOUT}s") from None
    if done.returncode != 0:
        output = "\n".join((done.stdout + done.stderr).strip().splitlines()[-30:])
        raise BenchError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{output}")


def prepare(env: dict[str, str]) -> float:
    """Migrate, load the gazetteer, seed both conditions; return the seconds it took."""
    started = time.monotonic()
    steps = [
        ["migrate", "--noinput", "-v0"],
        ["load_places"],
        ["seed_demo", "--members", str(MEMBERS), "--condition", SLUG],
        ["seed_demo", "--members", str(NAIVE_MEMBERS), "--condition", NAIVE_SLUG],
    ]
    for step in steps:
        print(f"  manage.py {' '.join(step)}", flush=True)
        manage(env, *step)
    return time.monotonic() - started


def run_backend(label: str, database_url: str, tmp: Path) -> BackendResult:
    print(f"\n{label}: preparing {MEMBERS:,} + {NAIVE_MEMBERS:,} demo members ...", flush=True)
    env = bench_env(database_url)
    setup_s = prepare(env)
    if urlsplit(database_url).scheme in POSTGRES_SCHEMES:
        vacuum(database_url)
    print(f"  ready in {setup_s:.1f}s; measuring ...", flush=True)
    out = tmp / f"result-{label.lower()}.json"
    done = subprocess.run([sys.executable, __file__, MEASURE_FLAG, str(out)], cwd=ROOT, env=env, check=False)
    if done.returncode != 0 or not out.exists():
        raise BenchError(f"the measuring process failed on {label} ({done.returncode}); see its error above")
    result = BackendResult.from_json({**json.loads(out.read_text()), "backend": label, "setup_s": setup_s})
    print_backend(result)
    return result


def postgres_admin(url: str):
    """A connection to the database DATABASE_URL names, only to create and drop the bench's own database."""
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(parts._replace(scheme="postgresql").geturl(), autocommit=True, connect_timeout=10)


def vacuum(url: str) -> None:
    """What autovacuum does soon after a bulk load on a live server: statistics for the planner, and
    the visibility map that lets the map's covering indexes answer without reading the table."""
    print("  VACUUM ANALYZE", flush=True)
    with postgres_admin(url) as connection:
        connection.execute("VACUUM ANALYZE")


def create_postgres_database(url: str) -> str | None:
    """A new, empty database next to DATABASE_URL's, with the same credentials; None if that is not allowed."""
    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        print("\nPostgreSQL skipped: psycopg is not installed")
        return None
    name = f"diseasemaps_bench_{os.getpid()}"
    try:
        with postgres_admin(url) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        print(f"\nPostgreSQL skipped: could not create a database of its own: {str(error).strip()}")
        return None
    return name


def drop_postgres_database(url: str, name: str) -> None:
    from psycopg import sql

    with postgres_admin(url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run_postgres(url: str, tmp: Path) -> BackendResult | None:
    name = create_postgres_database(url)
    if name is None:
        return None
    try:
        return run_backend("PostgreSQL", urlsplit(url)._replace(path=f"/{name}").geturl(), tmp)
    finally:
        drop_postgres_database(url, name)
        print(f"  dropped the bench database {name}")


# --- measuring, in a child process set up on one database -----------------------------------------


def median_ms(request: Callable[[], Any], runs: int, *, clear: bool) -> tuple[float, Any]:
    """Median server time of `runs` requests, with the whole cache cleared before each one if `clear`,
    and the maps' drawings this process keeps forgotten, as in a process that just started."""
    from django.core.cache import cache

    from community.maps import kept

    times = []
    response = None
    for _ in range(runs):
        if clear:
            cache.clear()
            kept.forget_all()
        started = time.perf_counter()
        response = request()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise BenchError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return statistics.median(times), response


def query_count(request: Callable[[], Any], *, clear: bool) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if clear:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


def measure_endpoint(request: Callable[[], Any]) -> tuple[float, float, int, int, Any]:
    uncached_ms, _ = median_ms(request, UNCACHED_RUNS, clear=True)
    request()  # fill the cache
    cached_ms, response = median_ms(request, CACHED_RUNS, clear=False)
    return uncached_ms, cached_ms, query_count(request, clear=True), query_count(request, clear=False), response


def measure_page(client, path: str) -> tuple[Timing, str]:
    uncached_ms, cached_ms, uncached_q, cached_q, response = measure_endpoint(lambda: client.get(path))
    html = response.content
    if MAP_MARKER not in html.decode():
        raise BenchError(f"{path} does not say {MAP_MARKER!r}")
    size = len(html)
    timing = Timing(uncached_ms, cached_ms, uncached_q, cached_q, size, size, len(gzip.compress(html)))
    return timing, html.decode()


def measure_data(client, path: str) -> Timing:
    uncached_ms, cached_ms, uncached_q, cached_q, response = measure_endpoint(
        lambda: client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    )
    if response.get("Content-Encoding") != "gzip":
        raise BenchError(f"{path} was not gzipped for a client that accepts gzip")
    raw = client.get(path).content
    data = json.loads(raw)
    features = len(data["features"]) if "features" in data else len(data["places"]["count"]) + len(data["folded"])
    size = len(response.content)
    return Timing(uncached_ms, cached_ms, uncached_q, cached_q, size, len(raw), size, features)


def measure_audience(client, audience: str) -> tuple[AudienceResult, str]:
    page, html = measure_page(client, f"/conditions/{SLUG}/map/")
    places = measure_data(client, f"/api/conditions/{SLUG}/map/places/")
    geojson = measure_data(client, f"/api/conditions/{SLUG}/map/")
    return AudienceResult(audience, page, places, geojson), html


def signed_in_client(slug: str = SLUG):
    from django.test import Client

    from community.models import Membership

    membership = Membership.objects.filter(condition__slug=slug).select_related("member__user").first()
    if membership is None:
        raise BenchError(f"nobody is a member of {slug}")
    client = Client()
    client.force_login(membership.member.user)
    return client


def naive_map() -> NaiveResult:
    """What a newcomer would write: every membership with its place, one folium.Marker each."""
    import folium

    from community.models import Membership

    started = time.perf_counter()
    memberships = list(Membership.objects.filter(condition__slug=NAIVE_SLUG).select_related("member__place"))
    queried = time.perf_counter()
    world = folium.Map(location=[25, 10], zoom_start=2)
    for membership in memberships:
        place = membership.member.place
        folium.Marker(location=[place.latitude, place.longitude], popup=membership.member.display_name).add_to(world)
    html = world.get_root().render()
    done = time.perf_counter()
    return NaiveResult(len(memberships), (queried - started) * 1000, (done - started) * 1000, len(html.encode()))


def median_naive() -> NaiveResult:
    runs = sorted((naive_map() for _ in range(NAIVE_RUNS)), key=lambda run: run.total_ms)
    result = runs[len(runs) // 2]
    if result.members != NAIVE_MEMBERS:
        raise BenchError(f"{NAIVE_SLUG} has {result.members:,} members, not {NAIVE_MEMBERS:,}")
    result.ours_ms = ours_uncached(NAIVE_SLUG)
    return result


def ours_uncached(slug: str) -> float:
    """Our map page plus the data it loads, signed in (every place, no folding), nothing cached:
    the whole job the naive map does in one go."""
    client = signed_in_client(slug)

    def page_and_data():
        page = client.get(f"/conditions/{slug}/map/")
        if page.status_code != 200:
            return page
        return client.get(f"/api/conditions/{slug}/map/places/")

    milliseconds, _ = median_ms(page_and_data, UNCACHED_RUNS, clear=True)
    return milliseconds


def static_sizes(path: str) -> tuple[int, int]:
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    if not found:
        raise BenchError(f"static file {path} not found")
    data = Path(found).read_bytes()
    return len(data), len(gzip.compress(data))


def page_assets(html: str) -> list[tuple[str, int, int]]:
    """The project's scripts and styles the page loads (the browser caches them; not in page + data)."""
    paths = sorted(set(STATIC_RE.findall(html)))
    return [(path, *static_sizes(path)) for path in paths]


def condition_counts() -> tuple[int, int, int]:
    """Members, members on the map, and distinct places of the benchmarked condition."""
    from community.models import Membership

    memberships = Membership.objects.filter(condition__slug=SLUG)
    places = memberships.values("place").distinct().count()
    return memberships.count(), memberships.counted().count(), places


def join_one(number: int) -> None:
    """One new member, verified, joins the benchmarked condition, as the join page would do it."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.models import Membership, Place, Profile, Role
    from conditions.models import Condition

    user = get_user_model().objects.create_user(f"bench-joiner-{number}", f"bench-joiner-{number}@example.invalid")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    place = Place.objects.order_by("-population").first()
    profile = Profile.objects.create(user=user, display_name=f"Bench joiner {number}", place=place)
    Membership.objects.join(profile, Condition.objects.get(slug=SLUG), Role.PATIENT)


def places_after_join(clients: dict[str, Any]) -> tuple[dict[str, float], int]:
    """The places data of each audience right after one join (median of JOIN_RUNS joins), and the
    queries of the first audience's request; the cache is not cleared: the join moved the version.
    The process drew the map before the join, as a server does: it keeps the drawing (community/maps/kept.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = f"/api/conditions/{SLUG}/map/places/"
    times: dict[str, list[float]] = {audience: [] for audience in clients}
    queries = 0
    for run in range(JOIN_RUNS):
        join_one(run)
        for index, (audience, client) in enumerate(clients.items()):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
                times[audience].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise BenchError(f"{path} answered {response.status_code} after a join")
            if index == 0:
                queries = max(queries, len(captured))
    return {audience: statistics.median(values) for audience, values in times.items()}, queries


def measure_home(client) -> tuple[float, float]:
    uncached_ms, _ = median_ms(lambda: client.get("/"), HOME_RUNS, clear=True)
    client.get("/")
    cached_ms, _ = median_ms(lambda: client.get("/"), HOME_RUNS, clear=False)
    return uncached_ms, cached_ms


def measure_all() -> dict[str, Any]:
    from django.test import Client

    members, counted, places = condition_counts()
    anonymous, html = measure_audience(Client(), "anonymous")
    member_client = signed_in_client()
    member, _ = measure_audience(member_client, "member")
    topojson_raw, topojson_gzip = static_sizes(TOPOJSON)
    home_ms, home_cached_ms = measure_home(Client())
    after_join, after_join_queries = places_after_join({"anonymous": Client(), "member": member_client})
    result = BackendResult(
        backend="",
        members=members,
        counted=counted,
        places=places,
        audiences=[anonymous, member],
        naive=median_naive(),
        topojson_raw=topojson_raw,
        topojson_gzip=topojson_gzip,
        assets=page_assets(html),
        after_join=after_join,
        after_join_queries=after_join_queries,
        home_ms=home_ms,
        home_cached_ms=home_cached_ms,
    )
    return asdict(result)


def child(out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    logging.getLogger("diseasemaps.requests").setLevel(logging.WARNING)  # one line a request: noise here
    try:
        out.write_text(json.dumps(measure_all()))
    except BenchError as error:
        print(f"bench/map.py: {error}", file=sys.stderr)
        return 1
    return 0


# --- report -----------------------------------------------------------------------------------------


def kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


def page_plus_data(result: BackendResult, row: AudienceResult) -> int:
    return row.page.size + row.places.size + result.topojson_gzip


def print_backend(result: BackendResult) -> None:
    warning = "" if result.places >= MIN_PLACES else f"   WARNING: fewer than {MIN_PLACES:,} places"
    print(
        f"\n{result.backend}: {result.members:,} members on {SLUG} ({result.counted:,} on the map), "
        f"{result.places:,} places{warning}"
    )
    print(f"{'':<30}{'uncached ms':>12}{'cached ms':>11}{'queries':>10}{'bytes':>11}{'gzip':>9}{'features':>10}")
    for row in result.audiences:
        for name, timing in (("map page", row.page), ("its places data", row.places), ("GeoJSON API", row.geojson)):
            queries = f"{timing.uncached_queries}/{timing.cached_queries}"
            features = str(timing.features) if timing.features else ""
            print(
                f"{name + ', ' + row.audience:<30}{timing.uncached_ms:>12.1f}{timing.cached_ms:>11.2f}"
                f"{queries:>10}{timing.raw_size:>11,}{timing.gzip_size:>9,}{features:>10}"
            )
    naive = result.naive
    print(
        f"{'naive folium, ' + f'{naive.members:,} markers':<30}{naive.total_ms:>12.1f}{'':>11}{'':>10}"
        f"{naive.size:>11,}   (query {naive.query_ms:.0f} ms, folium {naive.total_ms - naive.query_ms:.0f} ms)"
    )
    print(f"{'ours, page + data, ' + f'{naive.members:,}':<30}{naive.ours_ms:>12.1f}   (same members, signed in)")
    print(
        f"(queries: uncached/cached; uncached = median of {UNCACHED_RUNS} after clearing the cache, "
        f"cached = median of {CACHED_RUNS} with it warm)"
    )
    for row in result.audiences:
        print(
            f"page + data, {row.audience}: HTML {kb(row.page.size)} + places {kb(row.places.size)} gzip + "
            f"countries TopoJSON {kb(result.topojson_gzip)} gzip ({kb(result.topojson_raw)} raw) "
            f"= {kb(page_plus_data(result, row))}"
        )
    raw = sum(asset[1] for asset in result.assets)
    zipped = sum(asset[2] for asset in result.assets)
    for audience, milliseconds in result.after_join.items():
        print(f"{'places data after a join, ' + audience:<42}{milliseconds:>8.1f} ms   (median of {JOIN_RUNS} joins)")
    print(f"{'queries of the first after a join':<42}{result.after_join_queries:>8}")
    print(f"{'home page, uncached / cached':<42}{result.home_ms:>8.1f} ms / {result.home_cached_ms:.2f} ms")
    print(
        f"not counted above: {len(result.assets)} scripts and styles of the site ({kb(raw)} raw, {kb(zipped)} gzip), "
        "cached by the browser"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def target_lines(result: BackendResult) -> list[str]:
    by_audience = {row.audience: row for row in result.audiences}
    slowest = max(result.audiences, key=lambda row: row.page.uncached_ms)
    largest = max(result.audiences, key=lambda row: page_plus_data(result, row))
    speedup = result.naive.total_ms / result.naive.ours_ms
    whole_100k = slowest.page.uncached_ms + max(row.places.uncached_ms for row in result.audiences)
    speedup_100k = result.naive.total_ms / whole_100k
    size = page_plus_data(result, largest) / KB
    lines = [
        f"{'uncached map page (' + slowest.audience + ', the slower)':<41}{slowest.page.uncached_ms:>12.1f} ms"
        f"   target <= {TARGET_UNCACHED_MS:.0f} ms   {verdict(slowest.page.uncached_ms <= TARGET_UNCACHED_MS)}"
    ]
    for audience in ("anonymous", "member"):
        cached = by_audience[audience].page.cached_ms
        lines.append(
            f"{'cached map page (' + audience + ')':<41}{cached:>12.2f} ms"
            f"   target <= {TARGET_CACHED_MS:.0f} ms    {verdict(cached <= TARGET_CACHED_MS)}"
        )
    lines.append(
        f"{'page + data (' + largest.audience + ', the larger)':<41}{size:>12.1f} KB"
        f"   target <= {TARGET_KB:.0f} KB   {verdict(size <= TARGET_KB)}"
    )
    slowest_places = max(result.audiences, key=lambda row: row.places.uncached_ms)
    lines.append(
        f"{'uncached places data (' + slowest_places.audience + ')':<41}{slowest_places.places.uncached_ms:>12.1f} ms"
        f"   target <= {TARGET_PLACES_MS:.0f} ms   {verdict(slowest_places.places.uncached_ms <= TARGET_PLACES_MS)}"
    )
    if result.after_join:
        audience, after = max(result.after_join.items(), key=lambda item: item[1])
        lines.append(
            f"{'places data after one join (' + audience + ')':<41}{after:>12.1f} ms"
            f"   target <= {TARGET_AFTER_JOIN_MS:.0f} ms   {verdict(after <= TARGET_AFTER_JOIN_MS)}"
        )
    lines.append(
        f"{'home page, uncached':<41}{result.home_ms:>12.1f} ms"
        f"   target <= {TARGET_HOME_MS:.0f} ms    {verdict(result.home_ms <= TARGET_HOME_MS)}"
    )
    lines.append(
        f"{'naive / ours, both ' + f'{NAIVE_MEMBERS:,}' + ' members':<41}{speedup:>12.0f} x"
        f"    target >= {TARGET_SPEEDUP:.0f} x    {verdict(speedup >= TARGET_SPEEDUP)}"
        f"   ({result.naive.total_ms:.0f} ms / {result.naive.ours_ms:.1f} ms, page + data uncached)"
    )
    lines.append(
        f"{'naive ' + f'{NAIVE_MEMBERS:,}' + ' / ours ' + f'{MEMBERS:,}':<41}{speedup_100k:>12.0f} x"
        f"    (for scale: {result.naive.total_ms:.0f} ms / {whole_100k:.1f} ms, slower page + slower data)"
    )
    return lines


def print_targets(results: list[BackendResult]) -> None:
    for result in results:
        print(f"\nTargets on {result.backend}, {MEMBERS:,} members (1 KB = {KB} bytes)")
        for line in target_lines(result):
            print(line)


# --- main -------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> tuple[int, bool]:
    import argparse

    parser = argparse.ArgumentParser(description="World map speed and size (see bench/README.md).")
    parser.add_argument(MEMBERS_FLAG, type=int, default=MEMBERS, help=f"demo members on {SLUG} (default {MEMBERS:,})")
    parser.add_argument("--postgres-only", action="store_true", help="skip SQLite (needs DATABASE_URL on PostgreSQL)")
    options = parser.parse_args(argv)
    if options.members < 1:
        parser.error("--members must be at least 1")
    return options.members, options.postgres_only


def main() -> int:
    global MEMBERS
    if sys.argv[1:2] == [MEASURE_FLAG]:
        return child(Path(sys.argv[2]))
    MEMBERS, postgres_only = parse_args(sys.argv[1:])
    started = time.monotonic()
    outside_url = os.environ.get("DATABASE_URL", "")
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            results = [] if postgres_only else [run_backend("SQLite", f"sqlite:///{tmp / 'map.sqlite3'}", tmp)]
            if urlsplit(outside_url).scheme in POSTGRES_SCHEMES:
                postgres = run_postgres(outside_url, tmp)
                results += [postgres] if postgres else []
            else:
                print("\nPostgreSQL skipped: DATABASE_URL is not set to a PostgreSQL database")
    except BenchError as error:
        print(f"\nbench/map.py failed: {error}", file=sys.stderr)
        return 1
    print_targets(results)
    print(f"\ntotal bench time {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
