"""Throughput of a condition page and its map page, for visitors and for a signed-in member, against a
bare "hello" view, under gunicorn, measured with wrk.

Run from the project root: ``.venv/bin/python bench/pages.py`` (or ``make bench``). See bench/README.md.
``--language es`` also measures the condition page in Spanish (/es/…) against the English one.
The developer's database is never touched: everything runs against a fresh SQLite file in a temp dir.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import IO

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WSGI_APP = "diseasemaps.wsgi:application"
HOST = "127.0.0.1"
DEMO_SLUG = "neonatal-hemochromatosis"
CONDITION_MARKER = "people in the map"
MAP_MARKER = "World map of"
MEMBER_MARKER = "You are on this map."  # the signed-in member's own box on the condition page
MEMBER_MAP_MARKER = "See them as a list"  # the map page as members see it
TARGET_PERCENT = 40.0  # the visitors' condition page (whole-page cache)
MEMBER_TARGET_PERCENT = 30.0  # a member's condition page and map page (issue 13, item 9)
LANGUAGE_TARGET_PERCENT = 90.0  # a condition page in another language, of the English one's (issue 15)
LANGUAGES = ("es", "ca", "fr", "it", "pt", "de")
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WARMUP_SECONDS = 2
DEFAULT_SECONDS = 10
MAX_SECONDS = 600
DEFAULT_MEMBERS = 300  # demo members on the condition, as in issue 13's figures
STARTUP_TIMEOUT = 30.0
MANAGE_TIMEOUT = 300
STOP_TIMEOUT = 10.0
UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SLUG_SNIPPET = (
    "from conditions.models import Condition; "
    "qs = Condition.objects.published(); "
    f"c = qs.filter(slug={DEMO_SLUG!r}).first() or qs.first(); "
    "print(c.slug if c else '')"
)
# A session for a listed demo member of the condition: the bench signs in with its cookie.
SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from community.models import Membership
mine = (Membership.objects.filter(condition__slug=SLUG, member__visibility="listed")
        .select_related("member__user").order_by("pk").first())
user = mine.member.user
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


class BenchError(Exception):
    """Something broke: the figures would be meaningless."""


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    marker: str | None
    cookie: str | None = None


@dataclass(frozen=True)
class Result:
    page: str
    rps: float
    p50_ms: float
    p99_ms: float


def bench_seconds() -> int:
    raw = os.environ.get("BENCH_SECONDS", "").strip() or str(DEFAULT_SECONDS)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_SECONDS:
        raise BenchError(f"BENCH_SECONDS={raw!r} must be a whole number of seconds between 1 and {MAX_SECONDS}")
    return int(raw)


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk is not installed; install it with: sudo apt-get install wrk")
    return wrk


def find_gunicorn() -> str:
    beside_python = Path(PYTHON).parent / "gunicorn"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("gunicorn")
    if found is None:
        raise BenchError("gunicorn not found; install the requirements into .venv (pip install -r requirements.txt)")
    return found


def bench_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SITE_URL": f"http://{HOST}",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("SECRET_KEY_FILE", None)
    env.pop("REDIS_URL", None)
    return env


def tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def manage(env: dict[str, str], *args: str) -> str:
    command = [PYTHON, "manage.py", *args]
    try:
        done = subprocess.run(
            command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=MANAGE_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"manage.py {' '.join(args)} took more than {MANAGE_TIMEOUT}s") from None
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{tail(done.stdout + done.stderr)}")
    return done.stdout


def bench_members() -> int:
    raw = os.environ.get("BENCH_MEMBERS", "").strip() or str(DEFAULT_MEMBERS)
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise BenchError(f"BENCH_MEMBERS={raw!r} must be a whole number between 1 and 100000")
    return int(raw)


def prepare_database(env: dict[str, str], members: int) -> str:
    """Migrate, collect static files, load the places, seed the demo data with `members` demo members
    on the condition; return the slug of the condition to load."""
    print(f"preparing: migrate, collectstatic, load_places, seed_demo --force --members {members} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_places")
    manage(env, "seed_demo", "--force")
    lines = manage(env, "shell", "-c", SLUG_SNIPPET).strip().splitlines()
    slug = lines[-1].strip() if lines else ""
    if not slug:
        raise BenchError("seed_demo created no published condition")
    manage(env, "seed_demo", "--force", "--members", str(members), "--condition", slug)
    return slug


def member_session(env: dict[str, str], slug: str) -> str:
    """The key of a new session signed in as a listed demo member of the condition."""
    lines = manage(env, "shell", "-c", SESSION_SNIPPET.replace("SLUG", repr(slug))).strip().splitlines()
    if not lines or not lines[-1].strip().isalnum():
        raise BenchError("could not sign a demo member in")
    return lines[-1].strip()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen[bytes]:
    command = [
        find_gunicorn(),
        WSGI_APP,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--no-control-socket",
        "--error-logfile",
        str(log_path),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def stop_gunicorn(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message, newurl: str
    ) -> urllib.request.Request | None:
        return None  # a redirect is reported as an HTTPError, not followed


OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = 10.0, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def log_text(log_path: Path) -> str:
    return tail(log_path.read_text(errors="replace")) if log_path.exists() else "(no log)"


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{log_text(log_path)}")
        try:
            if fetch(url, timeout=1.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer {url} within {STARTUP_TIMEOUT:.0f}s:\n{log_text(log_path)}")


def check_page(url: str, marker: str | None, cookie: str | None = None) -> None:
    status, body = fetch(url, cookie=cookie)
    if status != 200:
        raise BenchError(f"GET {url} answered {status}, expected 200:\n{tail(body, 10)}")
    if marker is not None and marker not in body:
        raise BenchError(f"GET {url} answered 200 but the page does not contain {marker!r}")


def run_wrk(wrk: str, url: str, seconds: int, cookie: str | None = None) -> str:
    command = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk on {url} did not finish in {seconds + 60}s") from None
    if done.returncode != 0:
        raise BenchError(f"wrk on {url} failed ({done.returncode}):\n{tail(done.stdout + done.stderr)}")
    return done.stdout


def to_ms(value: str, unit: str) -> float:
    return float(value) * UNIT_TO_MS[unit]


def parse_latency(output: str, percentile: str) -> float:
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    if match is None:
        raise BenchError(f"no {percentile}% latency in wrk output:\n{output}")
    return to_ms(match.group(1), match.group(2))


def parse_wrk(page: str, output: str) -> Result:
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    if non_2xx is not None:
        raise BenchError(f"{page}: {non_2xx.group(1)} error responses under load; refusing to report:\n{output}")
    rps = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.MULTILINE)
    if rps is None or float(rps.group(1)) <= 0:
        raise BenchError(f"{page}: no successful requests in wrk output:\n{output}")
    socket_errors = re.search(r"Socket errors:.*", output)
    if socket_errors is not None:
        print(f"warning: {page}: {socket_errors.group(0)}", flush=True)
    return Result(page, float(rps.group(1)), parse_latency(output, "50"), parse_latency(output, "99"))


def measure(wrk: str, page: Page, base: str, seconds: int) -> Result:
    print(f"loading {page.label} for {WARMUP_SECONDS}s warm-up + {seconds}s ...", flush=True)
    run_wrk(wrk, base + page.path, WARMUP_SECONDS, page.cookie)
    return parse_wrk(page.label, run_wrk(wrk, base + page.path, seconds, page.cookie))


def report(results: list[Result], seconds: int, members: int, language: str | None) -> None:
    hello = results[0]
    print()
    setup = f"gunicorn 2 sync workers, wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{seconds}s, DEBUG=0, SQLite"
    print(f"{setup}, {members} members on the condition")
    print(f"{'page':<48} {'requests/s':>12} {'p50 ms':>9} {'p99 ms':>9} {'/hello':>7}")
    for result in results:
        ratio = result.rps / hello.rps
        print(f"{result.page:<48} {result.rps:>12.1f} {result.p50_ms:>9.2f} {result.p99_ms:>9.2f} {ratio:>7.2f}")
    print()
    for result in results[1:]:
        target = TARGET_PERCENT if result is results[1] else None
        if "(member)" in result.page:
            target = MEMBER_TARGET_PERCENT
        percent = 100.0 * result.rps / hello.rps
        verdict = "" if target is None else f"   target: >= {target:.0f}%   {'PASS' if percent >= target else 'FAIL'}"
        print(f"{result.page}/hello: {percent:.1f}%{verdict}")
    if language:
        english, translated = results[1], results[-1]
        percent = 100.0 * translated.rps / english.rps
        verdict = "PASS" if percent >= LANGUAGE_TARGET_PERCENT else "FAIL"
        target = f"target: >= {LANGUAGE_TARGET_PERCENT:.0f}%"
        print(f"{translated.page} of {english.page}: {percent:.1f}%   {target}   {verdict}")


def run(tmp: Path, language: str | None) -> None:
    wrk = require_wrk()
    seconds = bench_seconds()
    members = bench_members()
    env = bench_env(tmp)
    slug = prepare_database(env, members)
    member = f"sessionid={member_session(env, slug)}"
    port = free_port()
    base = f"http://{HOST}:{port}"
    condition, world_map = f"/conditions/{slug}/", f"/conditions/{slug}/map/"
    pages = [
        Page("/healthz", "/healthz", None),
        Page(condition, condition, CONDITION_MARKER),
        Page(world_map, world_map, MAP_MARKER),
        Page(f"{condition} (member)", condition, MEMBER_MARKER, member),
        Page(f"{world_map} (member)", world_map, MEMBER_MAP_MARKER, member),
    ]
    if language:  # last, to compare with the English condition page
        pages.append(Page(f"/{language}{condition}", f"/{language}{condition}", f'<html lang="{language}"'))
    log_path = tmp / "gunicorn.log"
    process = start_gunicorn(env, port, log_path)
    try:
        wait_until_ready(process, base + "/healthz", log_path)
        for page in pages:
            check_page(base + page.path, page.marker, page.cookie)
        results = [measure(wrk, page, base, seconds) for page in pages]
        if process.poll() is not None:
            raise BenchError(f"gunicorn died during the run:\n{log_text(log_path)}")
    finally:
        stop_gunicorn(process)
    report(results, seconds, members, language)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=LANGUAGES, help="also measure the condition page in this language")
    arguments = parser.parse_args()
    try:
        with tempfile.TemporaryDirectory(prefix="diseasemaps-bench-") as tmp:
            run(Path(tmp), arguments.language)
    except BenchError as error:
        print(f"\nbench: ERROR: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
