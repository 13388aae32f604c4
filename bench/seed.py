"""Seeding speed: `manage.py seed_demo --members N --condition X` on a fresh PostgreSQL database.

Run from the project root with DATABASE_URL pointing at PostgreSQL:
`.venv/bin/python bench/seed.py` (100,000 members; `make bench` runs it) or
`.venv/bin/python bench/seed.py --members 1000000` (the figure of issue 13: under 10 minutes).

It creates a database of its own next to DATABASE_URL's (same credentials), migrates it, loads the
gazetteer and the demo conditions, then times the one command, as a user runs it, by the wall clock
(Python's start-up included), and drops the database. It prints the seconds, members/s, the
command's own summary line and the machine's load average, since a shared machine slows it down.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
MILLION = 1_000_000
TARGET_SECONDS_AT_A_MILLION = 600.0


class BenchError(Exception):
    """Something broke: the figures would be meaningless."""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000, help="demo members to seed (default 100,000)")
    parser.add_argument("--condition", default="neonatal-hemochromatosis", help="the demo condition's slug")
    return parser.parse_args()


def admin(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(parts._replace(scheme="postgresql").geturl(), autocommit=True, connect_timeout=10)


def manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    env.pop("REDIS_URL", None)  # the bench's seeding never touches a shared cache
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{(done.stdout + done.stderr).strip()[-3000:]}")
    return done.stdout


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def run(url: str, members: int, slug: str) -> None:
    from psycopg import sql

    name = f"diseasemaps_bench_seed_{os.getpid()}"
    with admin(url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database_url = urlsplit(url)._replace(path=f"/{name}").geturl()
    try:
        print(f"PostgreSQL database {name}: migrate, load_places, seed_demo (conditions) ...", flush=True)
        for step in (["migrate", "--noinput", "-v0"], ["load_places"], ["seed_demo"]):
            manage(database_url, *step)
        print(f"seed_demo --members {members:,} --condition {slug} (load average before: {load()})", flush=True)
        started = time.monotonic()
        output = manage(database_url, "seed_demo", "--members", str(members), "--condition", slug)
        seconds = time.monotonic() - started
        summary = next(line for line in output.splitlines() if line.startswith("Demo members:"))
        report(members, seconds, summary)
    finally:
        with admin(url) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        print(f"dropped the bench database {name}")


def report(members: int, seconds: float, summary: str) -> None:
    rate = members / seconds
    print(f"  its summary: {summary}")
    print(f"  load average after: {load()} (2 cores here; other work on the machine slows this down)")
    print(f"\n{members:,} members in {seconds:.1f}s by the wall clock: {rate:,.0f} members/s")
    if members >= MILLION:
        verdict = "PASS" if seconds * MILLION / members <= TARGET_SECONDS_AT_A_MILLION else "FAIL"
        print(f"target: 1,000,000 in <= {TARGET_SECONDS_AT_A_MILLION:.0f}s   {verdict}")
    else:
        print(f"(at this rate 1,000,000 would take {MILLION / rate:.0f}s; measure it with --members 1000000)")


def main() -> int:
    options = arguments()
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        print("bench/seed.py skipped: DATABASE_URL is not set to a PostgreSQL database")
        return 0
    try:
        run(url, options.members, options.condition)
    except BenchError as error:
        print(f"bench/seed.py failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
