"""Production-like load: PostgreSQL, Redis, two gunicorn servers, locust with visitors and members.

Run from the project root: `.venv/bin/python bench/load.py` (or `make bench-load`). See bench/README.md.

It starts everything it needs itself and stops it all at the end, also on Ctrl-C:
- a PostgreSQL database of its own: `diseasemaps_load_<pid>`, created beside the one DATABASE_URL
  names (whose role needs CREATEDB) and dropped at the end; without a PostgreSQL DATABASE_URL, a
  temporary cluster (`initdb` from /usr/lib/postgresql/*/bin) in a temporary folder;
- a Redis on a free port, with no persistence and `maxmemory-policy allkeys-lru`;
- two gunicorn servers with 2 sync workers each, each with its own control socket and pid file,
  sharing the database, Redis and SECRET_KEY; and the RQ task worker;
- locust, headless, with bench/locustfile.py: 80% visitors, 20% members (who log in once and
  write), each user sending its requests to the two servers in turn.

It seeds --members demo members (seed_demo) and a few real members to log in as, then runs locust
with waiting users (1 to 3 s between actions) and without (saturation). It writes locust's CSV into
--out and prints, per endpoint, requests, failures, p50, p95 and p99, with the issue's targets.
The exit code is 0 whether targets are met or missed (it is a measurement), 1 if something broke.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
BENCH_BIN = PROJECT / ".venv-bench" / "bin"  # locust, kept out of the test environment (requirements-bench.txt)
HOST = "127.0.0.1"
SLUG = "neonatal-hemochromatosis"
OTHER_SLUG = "wilson-disease"  # the map members join and leave
PASSWORD = "load-bench-password-1"  # the load members' (a throwaway database)
SEED_FLAG = "--seed-members"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
SERVERS = 2
GUNICORN_WORKERS = 2
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
MANAGE_TIMEOUT = 1800
MEMBER_SHARE = 0.2  # bench/locustfile.py's weights: Visitor 4, Member 1
# The targets.
TARGET_P95_MS = 500.0  # waiting users: p95 of all requests
TARGET_RPS = 200.0  # no waiting: requests per second at saturation
# Background task workers to run beside the servers, one entry each: (name, manage.py arguments).
# The bench always has a Redis, so the tasks (emails) go through RQ, as on several servers.
TASK_WORKERS: list[tuple[str, list[str]]] = [
    ("tasks", ["rqworker", "--job-class", "django_tasks_rq.Job", "--with-scheduler", "default"]),
]
# The members' limits are raised: the load measures throughput, not the limits (tests cover those).
RAISED_LIMITS = {
    "ANSWER_RATE_LIMIT": "1000000",
    "VOTE_RATE_LIMIT": "1000000",
    "REPORT_RATE_LIMIT": "1000000",
    "CONNECTION_REQUEST_RATE_LIMIT": "1000000",
    "PROFILE_VIEW_LIMIT": "1000000",
}


class BenchError(Exception):
    """Something broke: the figures would be meaningless."""


@dataclass
class Service:
    """A process the bench starts, waits for and stops."""

    name: str
    command: list[str]
    log: Path
    env: dict[str, str] | None = None
    ready_url: str | None = None  # polled until it answers 200
    user: str | None = None  # run as this user (PostgreSQL refuses root)
    stop_signal: int = signal.SIGTERM
    whole_group: bool = False  # signal the process group (runuser and the postgres under it)
    folder: Path | None = None  # removed once stopped (a temporary cluster's)
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        command = ["runuser", "-u", self.user, "--", *self.command] if self.user else self.command
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches the bench, which stops each in order
            )

    def check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise BenchError(f"{self.name} exited with {self.process.returncode}:\n{tail(self.log)}")

    def wait_ready(self, ready: Callable[[], bool] | None = None) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            self.check_alive()
            if (ready or self.answers)():
                return
            time.sleep(0.2)
        raise BenchError(f"{self.name} was not ready within {STARTUP_TIMEOUT:.0f}s:\n{tail(self.log)}")

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if self.whole_group:
            os.killpg(self.process.pid, self.stop_signal)
        else:
            self.process.send_signal(self.stop_signal)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


@dataclass
class Run:
    mode: str  # "wait" or "no-wait"
    prefix: Path
    rows: list[dict[str, str]]
    failures: list[dict[str, str]]
    exceptions: list[dict[str, str]]  # errors in the locustfile itself, such as a member who could not log in


# --- helpers -----------------------------------------------------------------------------------


def tail(path_or_text: Path | str, lines: int = 30) -> str:
    text = path_or_text.read_text(errors="replace") if isinstance(path_or_text, Path) else path_or_text
    return "\n".join(text.strip().splitlines()[-lines:]) or "(nothing)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def find_tool(name: str) -> str:
    found = next((str(folder / name) for folder in (BIN, BENCH_BIN) if (folder / name).exists()), None)
    found = found or shutil.which(name)
    if found is None:
        raise BenchError(f"{name} not found: `make bench-load` installs it (requirements-bench.txt, into .venv-bench)")
    return str(found)


def manage(env: dict[str, str], *args: str) -> str:
    print(f"  manage.py {' '.join(args)}", end="", flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=MANAGE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"manage.py {' '.join(args)} took more than {MANAGE_TIMEOUT}s") from None
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{tail(done.stdout + done.stderr)}")
    print(f"  ({time.monotonic() - started:.0f}s)", flush=True)
    return done.stdout


# --- PostgreSQL ----------------------------------------------------------------------------------


def postgres_connect(url: str):
    import psycopg

    return psycopg.connect(urlsplit(url)._replace(scheme="postgresql").geturl(), autocommit=True, connect_timeout=10)


def start_cluster(tmp: Path, services: list[Service]) -> str:
    """A temporary PostgreSQL cluster (Debian's binaries, the newest version); return its admin URL."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not versions:
        raise BenchError("no PostgreSQL: set DATABASE_URL to a server, or install Debian's postgresql package")
    bin_dir = Path(versions[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="diseasemaps-load-pg-"))
    user = "postgres" if os.geteuid() == 0 else None  # postgres refuses to run as root
    if user:
        shutil.chown(folder, user)
    data, port = folder / "data", free_port()
    print(f"PostgreSQL: a temporary cluster ({bin_dir.parts[-2]}) in {folder}, port {port}", flush=True)
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "diseasemaps", "--auth=trust", "-E", "UTF8"]
    initdb = ["runuser", "-u", user, "--", *initdb] if user else initdb
    done = subprocess.run([*initdb, "--no-instructions"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise BenchError(f"initdb failed:\n{tail(done.stdout + done.stderr)}")
    cluster = Service(
        "postgres",
        [str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(folder), "-h", HOST],
        tmp / "postgres.log",
        user=user,
        stop_signal=signal.SIGINT,  # fast shutdown: SIGTERM would wait for every client to leave
        whole_group=True,
        folder=folder,
    )
    services.append(cluster)
    cluster.start()
    admin = f"postgres://diseasemaps@{HOST}:{port}/postgres"

    def accepts() -> bool:
        try:
            with postgres_connect(admin):
                return True
        except Exception:
            return False

    cluster.wait_ready(accepts)
    return admin


def create_database(admin_url: str) -> str:
    """A new, empty database beside admin_url's, with the same credentials; return its URL."""
    from psycopg import sql

    name = f"diseasemaps_load_{os.getpid()}"
    with postgres_connect(admin_url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlsplit(admin_url)._replace(path=f"/{name}").geturl()


def drop_database(admin_url: str, url: str) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with postgres_connect(admin_url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def postgres_admin_url(tmp: Path, services: list[Service]) -> str:
    """The server DATABASE_URL names if it lets us create a database there; else a temporary cluster."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in POSTGRES_SCHEMES:
        try:
            with postgres_connect(url) as connection:
                role = "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
                if connection.execute(role).fetchone()[0]:
                    print(f"PostgreSQL: a throwaway database on {urlsplit(url).hostname}:{urlsplit(url).port}")
                    return url
                print("PostgreSQL: DATABASE_URL's role may not create databases; starting a temporary cluster")
        except Exception as error:
            print(f"PostgreSQL: DATABASE_URL does not answer ({error}); starting a temporary cluster")
    return start_cluster(tmp, services)


# --- Redis, servers, workers ---------------------------------------------------------------------


def start_redis(tmp: Path, services: list[Service]) -> str:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise BenchError("redis-server is not installed: sudo apt-get install redis-server")
    port = free_port()
    command = [redis_server, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
    command += ["--maxmemory-policy", "allkeys-lru", "--dir", str(tmp)]
    redis = Service("redis", command, tmp / "redis.log")
    services.append(redis)
    redis.start()

    def pings() -> bool:
        try:
            with socket.create_connection((HOST, port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    redis.wait_ready(pings)
    return f"redis://{HOST}:{port}/0"


def app_env(database_url: str, redis_url: str, tmp: Path) -> dict[str, str]:
    """What a production server gets, except plain HTTP on loopback and the members' limits raised."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("_FILE")}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),  # one key for both servers: the sessions work on either
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SITE_URL": f"http://{HOST}",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "TRUSTED_PROXY_COUNT": "1",  # locust's users each send their own X-Forwarded-For
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "STATIC_ROOT": str(tmp / "static"),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
            **RAISED_LIMITS,
        }
    )
    return env


def start_apps(env: dict[str, str], tmp: Path, services: list[Service]) -> list[str]:
    """The gunicorn servers and the task workers; return the servers' base URLs."""
    gunicorn = find_tool("gunicorn")
    hosts, started = [], []
    for index in range(SERVERS):
        name, port = f"gunicorn-{'abcdefgh'[index]}", free_port()
        command = [gunicorn, "diseasemaps.wsgi:application", "--bind", f"{HOST}:{port}"]
        command += ["--workers", str(GUNICORN_WORKERS), "--worker-class", "sync"]
        command += ["--control-socket", str(tmp / f"{name}.ctl"), "--pid", str(tmp / f"{name}.pid")]
        command += ["--log-level", "warning"]
        ready_url = f"http://{HOST}:{port}/healthz"
        # SIGINT: a quick shutdown; SIGTERM would let the workers finish for up to 30 s.
        service = Service(name, command, tmp / f"{name}.log", env=env, ready_url=ready_url, stop_signal=signal.SIGINT)
        hosts.append(f"http://{HOST}:{port}")
        started.append(service)
    for name, arguments in TASK_WORKERS:
        started.append(Service(name, [PYTHON, "manage.py", *arguments], tmp / f"{name}.log", env=env))
    for service in started:
        services.append(service)
        service.start()
    for service in started:
        if service.ready_url:
            service.wait_ready()
        else:
            time.sleep(1.0)
            service.check_alive()
    print(f"servers: {', '.join(hosts)}; task workers: {', '.join(n for n, _ in TASK_WORKERS) or 'none'}")
    return hosts


# --- data ------------------------------------------------------------------------------------------


def prepare(env: dict[str, str], members: int, load_members: int, fixture: Path, database_url: str) -> None:
    started = time.monotonic()
    print(f"preparing: {members:,} demo members on {SLUG}, {load_members} members to log in as ...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_places")
    # As in issue 13's run: N on the first demo condition (SLUG), N // 10 on each of the 11 others.
    manage(env, "seed_demo", "--force", "--members", str(members))
    print(f"  {Path(__file__).name} {SEED_FLAG} {load_members}", flush=True)
    done = subprocess.run(
        [PYTHON, __file__, SEED_FLAG, str(load_members), str(fixture)],
        cwd=PROJECT,
        env={**env, "DJANGO_SETTINGS_MODULE": "diseasemaps.settings"},
        capture_output=True,
        text=True,
        timeout=MANAGE_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not fixture.exists():
        raise BenchError(f"seeding the load members failed ({done.returncode}):\n{tail(done.stdout + done.stderr)}")
    print("  VACUUM ANALYZE", flush=True)  # what autovacuum soon does after a bulk load on a live server
    with postgres_connect(database_url) as connection:
        connection.execute("VACUUM ANALYZE")
    print(f"  ready in {time.monotonic() - started:.0f}s", flush=True)


def seed_load_members(count: int, out: Path) -> None:
    """In a child process set up on the bench's database: `count` members with a password, a verified
    email, consent, a place and the demo condition, each connected to the next (so each has two
    threads to write in); then write the fixture the locustfile reads."""
    import django

    sys.path.insert(0, str(PROJECT))
    django.setup()
    from allauth.account.models import EmailAddress
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    profile_model, membership_model = apps.get_model("community", "Profile"), apps.get_model("community", "Membership")
    connection_model, place_model = apps.get_model("community", "Connection"), apps.get_model("community", "Place")
    condition_model, answer_model = apps.get_model("conditions", "Condition"), apps.get_model("conditions", "Answer")
    condition = condition_model.objects.get(slug=SLUG)
    if not condition_model.objects.filter(slug=OTHER_SLUG, is_published=True).exists():
        raise SystemExit(f"seed_demo made no {OTHER_SLUG} for the members to join and leave")
    places = list(place_model.objects.order_by("-population").values_list("pk", flat=True)[: max(count, 50)])
    hashed, now = make_password(PASSWORD), timezone.now()
    with transaction.atomic():
        profiles = []
        for number in range(1, count + 1):
            email = f"load-member-{number:03d}@example.org"
            user = get_user_model().objects.create(username=f"load-member-{number:03d}", email=email, password=hashed)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            profile = profile_model.objects.create(
                user=user,
                display_name=f"Load tester {number:03d}",
                role="patient",
                place_id=places[number % len(places)],
                visibility="listed",
                health_data_consent_at=now,
                health_data_consent_version=settings.PRIVACY_POLICY_VERSION,
            )
            membership_model.objects.create(member=profile, condition=condition, role="patient")
            profiles.append(profile)
        threads: dict[int, list[str]] = {profile.pk: [] for profile in profiles}
        for index, profile in enumerate(profiles):
            other = profiles[(index + 1) % len(profiles)]
            if other.pk == profile.pk:
                continue
            low, high = sorted([profile, other], key=lambda p: p.pk)
            connection = connection_model.objects.create(
                low=low, high=high, requested_by=profile, status="accepted", accepted_at=now
            )
            threads[low.pk].append(str(connection.public_id))
            threads[high.pk].append(str(connection.public_id))
    answers = answer_model.objects.filter(question__condition=condition).exclude(author__username__startswith="load-")
    published = condition_model.objects.filter(is_published=True).values_list("slug", flat=True)
    listed = (
        membership_model.objects.filter(condition=condition, visibility="listed")
        .values_list("place_id", flat=True)
        .distinct()[:200]
    )
    fixture = {
        "slug": SLUG,
        "other_slug": OTHER_SLUG,
        "slugs": sorted(published),
        "questions": sorted(condition.questions.values_list("slug", flat=True)),
        "answers": [[slug, pk] for pk, slug in answers.values_list("pk", "question__slug")[:300]],
        "places": list(listed),
        "members": [
            {"email": profile.user.email, "password": PASSWORD, "threads": threads[profile.pk]} for profile in profiles
        ],
    }
    if not fixture["questions"] or not fixture["answers"] or not fixture["places"]:
        raise SystemExit(f"the demo data has no questions, answers or places on {SLUG}: {fixture}")
    out.write_text(json.dumps(fixture, indent=1))


# --- locust and the report -----------------------------------------------------------------------


def run_locust(mode: str, hosts: list[str], fixture: Path, args: argparse.Namespace, out: Path) -> Run:
    prefix = out / mode
    for old in out.glob(f"{mode}_*.csv"):
        old.unlink()
    command = [find_tool("locust"), "-f", str(PROJECT / "bench" / "locustfile.py"), "--headless"]
    command += ["-u", str(args.users), "-r", str(args.rate), "-t", args.duration, "--csv", str(prefix)]
    command += ["--host", hosts[0], "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"]
    command += ["--reset-stats"]  # the figures count from when every user runs: the ramp-up and logins are left out
    env = {**os.environ, "LOAD_HOSTS": ",".join(hosts), "LOAD_FIXTURE": str(fixture)}
    env["LOAD_WAIT"] = "1" if mode == "wait" else "0"
    waiting = "each user waits 1 to 3 s" if mode == "wait" else "no waiting"
    print(f"\nlocust: {args.users} users ({waiting}), {args.rate}/s ramp-up, {args.duration} ...", flush=True)
    log = out / f"{mode}_locust.log"
    with open(log, "w") as handle:
        done = subprocess.run(command, cwd=PROJECT, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise BenchError(f"locust wrote no {stats.name} ({done.returncode}):\n{tail(log)}")
    failures, exceptions = Path(f"{prefix}_failures.csv"), Path(f"{prefix}_exceptions.csv")
    return Run(
        mode,
        prefix,
        read_csv(stats),
        read_csv(failures) if failures.exists() else [],
        read_csv(exceptions) if exceptions.exists() else [],
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(row: dict[str, str], column: str) -> float:
    value = row.get(column, "") or "0"
    return 0.0 if value == "N/A" else float(value)


def report(run: Run, args: argparse.Namespace) -> None:
    waiting = "waiting 1-3 s" if run.mode == "wait" else "no waiting"
    print(f"\n{run.mode}: {args.users} users ({waiting}), {args.duration}, {args.members:,} demo members")
    print(f"CSV: {run.prefix}_stats.csv (and _failures, _exceptions, _stats_history)")
    header = f"{'endpoint':<72}{'requests':>9}{'fails':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    rows = sorted((row for row in run.rows if row["Name"] != "Aggregated"), key=lambda r: -number(r, "Request Count"))
    total = next((row for row in run.rows if row["Name"] == "Aggregated"), None)
    for row in [*rows, *([total] if total else [])]:
        name = f"{row['Type']} {row['Name']}" if row["Name"] != "Aggregated" else "total"
        if row is total:
            print("-" * len(header))
        print(
            f"{name[:71]:<72}{number(row, 'Request Count'):>9.0f}{number(row, 'Failure Count'):>7.0f}"
            f"{number(row, '50%'):>8.0f}{number(row, '95%'):>8.0f}{number(row, '99%'):>8.0f}"
        )
    if total is None:
        print("target missed: locust recorded no requests")
        return
    requests, failed = number(total, "Request Count"), number(total, "Failure Count")
    rps, p95 = number(total, "Requests/s"), number(total, "95%")
    share = 100 * failed / max(requests, 1)
    print(f"total: {rps:.1f} req/s, {failed:.0f} failures of {requests:.0f} requests ({share:.2f}%)")
    for failure in sorted(run.failures, key=lambda f: -number(f, "Occurrences"))[:8]:
        print(f"  failure x{failure['Occurrences']}: {failure['Method']} {failure['Name']}: {failure['Error'][:120]}")
    raised = sum(number(row, "Count") for row in run.exceptions)
    for row in run.exceptions[:5]:
        print(f"  exception x{row['Count']}: {row['Message'][:120]}")
    checks = [("0 errors", failed + raised == 0, f"{failed:.0f} failures, {raised:.0f} exceptions")]
    if run.mode == "wait":
        checks.append((f"p95 < {TARGET_P95_MS:.0f} ms", p95 < TARGET_P95_MS, f"p95 {p95:.0f} ms"))
    else:
        checks.append((f">= {TARGET_RPS:.0f} req/s", rps >= TARGET_RPS, f"{rps:.1f} req/s"))
    for target, met, measured in checks:
        print(f"target met:    {target} ({measured})" if met else f"target missed: {target} ({measured})")
    if args.users != 200 or args.members != 100_000:
        print(f"  (the targets are for 200 users and 100,000 members; this run: {args.users}, {args.members:,})")


# --- main ------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000, help="demo members on the map (default 100,000)")
    parser.add_argument("--users", type=int, default=200, help="locust users, 80%% visitors (default 200)")
    parser.add_argument("--rate", type=float, default=10, help="users started per second (default 10)")
    parser.add_argument("--duration", default="5m", help="each run's length, as locust takes it: 45s, 5m (default 5m)")
    parser.add_argument("--load-members", type=int, help="members to log in as (default: the member users + 10)")
    parser.add_argument("--out", type=Path, default=PROJECT / "artifacts" / "load", help="where the CSV goes")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--wait", dest="modes", action="store_const", const=["wait"], help="only waiting users")
    modes.add_argument("--no-wait", dest="modes", action="store_const", const=["no-wait"], help="only saturation")
    args = parser.parse_args(argv)
    args.modes = args.modes or ["wait", "no-wait"]
    if args.members < 100 or args.users < 1 or args.rate <= 0:
        parser.error("--members must be at least 100, --users at least 1, --rate above 0")
    args.load_members = args.load_members or math.ceil(args.users * MEMBER_SHARE) + 10
    if args.load_members < 2:
        parser.error("--load-members must be at least 2 (each writes to another)")
    return args


def run(args: argparse.Namespace, tmp: Path, services: list[Service], database: list[str]) -> list[Run]:
    admin_url = postgres_admin_url(tmp, services)
    database_url = create_database(admin_url)
    database.extend([admin_url, database_url])
    redis_url = start_redis(tmp, services)
    env = app_env(database_url, redis_url, tmp)
    fixture = tmp / "fixture.json"
    prepare(env, args.members, args.load_members, fixture, database_url)
    hosts = start_apps(env, tmp, services)
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    for mode in args.modes:
        runs.append(run_locust(mode, hosts, fixture, args, args.out))
        for service in services:
            service.check_alive()
    return runs


def cleanup(services: list[Service], database: list[str]) -> None:
    """Stop what was started, the last first; drop the database; remove a temporary cluster."""
    for signum in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not leave processes behind
        signal.signal(signum, signal.SIG_IGN)
    for service in reversed(services):
        if service.name == "postgres" and database:
            try:
                drop_database(*database)
            except Exception as error:
                print(f"bench: could not drop {database[1]}: {error}", file=sys.stderr)
            database.clear()
        try:
            service.stop()
        except Exception as error:
            print(f"bench: could not stop {service.name}: {error}", file=sys.stderr)
        if service.folder is not None:
            shutil.rmtree(service.folder, ignore_errors=True)
    if database:
        try:
            drop_database(*database)
        except Exception as error:
            print(f"bench: could not drop {database[1]}: {error}", file=sys.stderr)


def interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up as Ctrl-C does


def guarded(prefix: str, work: Callable, finish: Callable, keep: Callable | None = None) -> int:
    """`finish(work(tmp, services, database))` in a temporary folder, stopping whatever `work`
    started (and `keep(tmp)` first, to save its logs) whatever happens; the exit status."""
    services: list[Service] = []
    database: list[str] = []
    signal.signal(signal.SIGTERM, interrupted)
    try:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            try:
                outcome = work(Path(tmp), services, database)
            finally:
                cleanup(services, database)
                if keep is not None:
                    keep(Path(tmp))
            finish(outcome)
    except BenchError as error:
        print(f"\nbench: ERROR: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted; everything it started is stopped", file=sys.stderr)
        return 130
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == [SEED_FLAG]:
        seed_load_members(int(argv[1]), Path(argv[2]))
        return 0
    args = parse_args(argv)

    def report_all(runs: list) -> None:
        for result in runs:
            report(result, args)

    return guarded("diseasemaps-load-", lambda tmp, services, database: run(args, tmp, services, database), report_all)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
