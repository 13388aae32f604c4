"""PostgreSQL's time per statement, with prepared statements (`DATABASE_PREPARED_STATEMENTS`, the
default) and without.

Run from the project root: `.venv/bin/python bench/statements.py --database-url
postgres://…/diseasemaps_bench` (`make bench BENCH_POSTGRES_URL=…` runs it). The database's name
must end in `_bench`: it is dropped and made again, with the demo data. For each setting, one
process runs each read many times on one connection, and prints the CPU it spent itself (Python:
Django, psycopg) and the CPU its PostgreSQL backend spent (from /proc), per run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import pages  # bench/pages.py: the environment and manage.py
from catalog import fresh_postgres
from pages import BenchError

MEASURE = """
import json, os, time
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.utils import translation
from community.models import Membership
from conditions import views
from conditions.models import Condition
from conditions.models.conditions import get_condition_or_404
slug = Condition.objects.filter(is_published=True).order_by("pk").values_list("slug", flat=True)[0]
question = views.question_detail
while hasattr(question, "__wrapped__"):
    question = question.__wrapped__
def question_page():
    request = RequestFactory().get("/"); request.user = AnonymousUser(); request.csp_nonce = "n"
    translation.activate("en")
    return question(request, slug, "cure")
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()"); backend = cursor.fetchone()[0]
def backend_cpu():
    fields = open(f"/proc/{backend}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
reads = [
    ("a condition by its slug (1 query)", lambda: get_condition_or_404(slug, AnonymousUser()), 3000),
    ("a question page, rendered (6 queries)", question_page, 400),
    ("20 memberships with their profiles (1 query)",
     lambda: list(Membership.objects.filter(condition__slug=slug).select_related("member")[:20]), 1500),
]
found = {}
for name, read, runs in reads:
    read()
    server, client = backend_cpu(), time.process_time()
    for _ in range(runs):
        read()
    found[name] = [(time.process_time() - client) / runs * 1000, (backend_cpu() - server) / runs * 1000]
print(json.dumps(found))
"""


def measure(env: dict[str, str], prepared: bool) -> dict[str, list[float]]:
    local = {**env, "DATABASE_PREPARED_STATEMENTS": "1" if prepared else "0", "REQUEST_LOG": "0"}
    return json.loads(pages.manage(local, "shell", "-c", MEASURE).strip().splitlines()[-1])


def run(database_url: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**pages.bench_env(Path(tmp)), "DATABASE_URL": database_url}
        fresh_postgres(database_url)
        print("preparing: migrate, seed_demo ...", flush=True)
        pages.manage(env, "migrate", "--noinput")
        pages.manage(env, "seed_demo", "--force")
        without, prepared = measure(env, prepared=False), measure(env, prepared=True)
    print(f"\n{'read':48} {'Python ms':>22} {'PostgreSQL ms':>22}")
    print(f"{'':48} {'unprepared → prepared':>22} {'unprepared → prepared':>22}")
    for name, (client, server) in without.items():
        client_after, server_after = prepared[name]
        print(f"{name:48} {client:>9.3f} → {client_after:<10.3f} {server:>9.3f} → {server_after:<10.3f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", required=True, help="a PostgreSQL database whose name ends in _bench (dropped and made again)"
    )
    try:
        return run(parser.parse_args().database_url)
    except BenchError as error:
        print(f"\nbench: ERROR: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
