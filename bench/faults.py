"""Fault drills: what users see when a part of production fails under load, and whether a write is lost.

Run from the project root: `.venv/bin/python bench/faults.py` (or `make bench-faults`). See bench/README.md.

It starts what bench/load.py starts (with its code): a PostgreSQL cluster of its own (always a
temporary one, as it restarts it), a Redis, two gunicorn servers and the task worker, plus a small
SMTP server that takes every email. It seeds --members demo members. Then, for each fault, it runs
locust (bench/faults_locustfile.py: visitors, members who write, visitors asking for a password
reset) for --duration seconds with --users users, and --fault-at seconds in:
- worker:   kills (SIGKILL) one gunicorn worker; gunicorn starts another;
- redis:    stops Redis for --redis-down seconds, then starts it again (empty, as after a crash);
- postgres: stops PostgreSQL (fast shutdown), asks a page while it is down, and starts it again
            after --pg-down seconds;
- mail:     stops the SMTP server for --mail-down seconds: the mail port is closed.

For each it counts the requests from the fault on, the errors by status, the 500s, and the time
to recover: from the repair (or the kill) to the last failed request, or to every server's
/readyz answering 200, whichever is later. Then it checks every write the members made, whether
acknowledged or not, against the database: an acknowledged message exists exactly once, an
unacknowledged one at most once; an answer and a join or leave are the member's last acknowledged
one or a later attempt; nothing exists twice. It prints a table with PASS or FAIL for each target.
The exit code is 0 whether targets are met or missed (it is a measurement), 1 if something broke.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import load
from load import HOST, PROJECT, PYTHON, BenchError, Service

FAULTS = ["worker", "redis", "postgres", "mail"]
SINK_FLAG = "--smtp-sink"
RECOVERY_TARGET_S = 10.0
BACK_SOON = "We'll be back in a moment"  # templates/503_database.html


@dataclass
class Drill:
    fault: str
    requests: int = 0
    errors: Counter = field(default_factory=Counter)  # status -> count; 0 is no answer at all
    errors_before: int = 0  # before the fault: noise, or a server not yet warm
    recovery_s: float = 0.0
    notes: list[str] = field(default_factory=list)
    page_while_down: str = ""  # postgres: what a member's page answered while it was down
    writes: dict[str, int] = field(default_factory=dict)  # attempted, acked, found, unacked_found, lost, duplicated

    @property
    def server_errors(self) -> int:
        return self.errors[500]


# --- the parts that fail ------------------------------------------------------------------------


def service(services: list[Service], name: str) -> Service:
    return next(s for s in services if s.name == name)


def kill_a_worker(tmp: Path) -> str:
    master = int((tmp / "gunicorn-a.pid").read_text().strip())
    workers = [pid for pid in all_pids() if parent_of(pid) == master]
    if not workers:
        raise BenchError("gunicorn-a has no workers to kill")
    os.kill(workers[0], signal.SIGKILL)
    return f"killed worker {workers[0]} of gunicorn-a"


def all_pids() -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def parent_of(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(")", 1)[1].split()[1])


def restart(part: Service, down_s: float, ready, while_down=None) -> None:
    part.stop()
    if while_down:
        while_down()
    time.sleep(down_s)
    part.start()
    part.wait_ready(ready)


def answers_on(port: int, greeting: bytes = b"") -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            if greeting:
                sock.sendall(greeting)
            return bool(sock.recv(16))
    except OSError:
        return False


def page_while_postgres_is_down(host: str) -> str:
    """A member's page (a session cookie: the session is in the database), as a browser gets it."""
    request = urllib.request.Request(f"{host}/conditions/{load.SLUG}/", headers={"Cookie": "sessionid=x"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode(errors="replace")
    except OSError as error:
        return f"no answer ({error})"
    clear = status == 503 and BACK_SOON in body.replace("&#x27;", "'") and "Traceback" not in body
    return f"{status} {'back-soon page' if clear else 'NOT the back-soon page'}"


# --- an SMTP server that takes every email ------------------------------------------------------


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every email is accepted and counted, one line in the file."""

    count_file: Path

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 faults sink")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.reply("354 end with .")
                while (data := self.rfile.readline()) and data not in (b".\r\n", b".\n"):
                    pass
                with open(self.count_file, "a") as handle:
                    handle.write(f"{time.time():.3f}\n")
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def run_sink(port: int, count_file: Path) -> None:
    SmtpSink.count_file = count_file
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer((HOST, port), SmtpSink) as server:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        server.serve_forever()


def start_sink(tmp: Path, services: list[Service]) -> int:
    port = load.free_port()
    sink = Service("smtp", [PYTHON, __file__, SINK_FLAG, str(port), str(tmp / "emails.txt")], tmp / "smtp.log")
    services.append(sink)
    sink.start()
    sink.wait_ready(lambda: answers_on(port))
    return port


def emails_received(tmp: Path) -> int:
    path = tmp / "emails.txt"
    return len(path.read_text().splitlines()) if path.exists() else 0


# --- one drill ----------------------------------------------------------------------------------


def drill(fault: str, setup: dict, args: argparse.Namespace) -> Drill:
    out, hosts, services = args.out, setup["hosts"], setup["services"]
    requests_file, writes_file = out / f"{fault}_requests.txt", out / f"{fault}_writes.jsonl"
    requests_file.write_text("")
    writes_file.write_text("")
    command = [load.find_tool("locust"), "-f", str(PROJECT / "bench" / "faults_locustfile.py"), "--headless"]
    command += ["-u", str(args.users), "-r", str(args.rate), "-t", f"{args.duration}s", "--host", hosts[0]]
    command += ["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10", "--csv", str(out / fault)]
    env = {**os.environ, "LOAD_HOSTS": ",".join(hosts), "LOAD_FIXTURE": str(setup["fixture"]), "LOAD_WAIT": "1"}
    env.update({"FAULTS_REQUESTS": str(requests_file), "FAULTS_WRITES": str(writes_file)})
    result = Drill(fault)
    print(f"\n{fault}: {args.users} users for {args.duration}s, the fault at {args.fault_at}s ...", flush=True)
    with open(out / f"{fault}_locust.log", "w") as log:
        locust = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            time.sleep(args.fault_at)
            started = time.time()
            repaired = inject(fault, setup, args, result)
            print(f"  {'; '.join(result.notes)}", flush=True)
            ready = wait_ready(hosts, repaired)
            locust.wait(timeout=args.duration + 120)
        finally:
            if locust.poll() is None:
                locust.send_signal(signal.SIGINT)
                locust.wait(timeout=30)
    for part in services:  # a part that died of the fault is started again, as systemd would
        if part.process is not None and part.process.poll() is not None:
            result.notes.append(f"{part.name} exited ({part.process.returncode}) and was restarted")
            part.start()
    count_requests(result, requests_file, started, repaired, ready)
    check_writes(result, out, setup["database_url"], fault)
    return result


def inject(fault: str, setup: dict, args: argparse.Namespace, result: Drill) -> float:
    """Cause the fault and repair it; return when it was repaired (the kill itself, for a worker)."""
    services, hosts = setup["services"], setup["hosts"]
    if fault == "worker":
        result.notes.append(kill_a_worker(setup["tmp"]))
    elif fault == "redis":
        port = int(urlsplit(setup["redis_url"]).port)
        restart(service(services, "redis"), args.redis_down, lambda: answers_on(port, b"PING\r\n"))
        result.notes.append(f"Redis stopped for {args.redis_down:.0f}s")
    elif fault == "postgres":

        def probe() -> None:
            time.sleep(min(1.0, args.pg_down / 2))
            result.page_while_down = page_while_postgres_is_down(hosts[0])

        restart(service(services, "postgres"), args.pg_down, setup["postgres_ready"], probe)
        result.notes.append(f"PostgreSQL stopped (fast shutdown) for {args.pg_down:.0f}s; a member's page: ")
        result.notes[-1] += result.page_while_down
    elif fault == "mail":
        sent = emails_received(setup["tmp"])
        port = setup["smtp_port"]
        restart(service(services, "smtp"), args.mail_down, lambda: answers_on(port))
        result.notes.append(f"mail port {port} closed for {args.mail_down:.0f}s ({sent} emails taken before)")
    return time.time()


def wait_ready(hosts: list[str], since: float, limit: float = 60.0) -> float:
    """When the last server's /readyz answered 200 again (each asked until it does)."""
    waiting = set(hosts)
    while waiting and time.time() < since + limit:
        waiting = {host for host in waiting if not ready(host)}
        time.sleep(0.2 if waiting else 0)
    return time.time()


def ready(host: str) -> bool:
    try:
        with urllib.request.urlopen(f"{host}/readyz", timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def count_requests(result: Drill, path: Path, started: float, repaired: float, ready_at: float) -> None:
    """The requests that ended after the fault began; recovered once every request sent after the
    repair succeeded, and every server is ready."""
    last_failed_sent = 0.0
    for line in path.read_text().splitlines():
        sent, ended, status, failed, *_name = line.split(" ", 5)
        sent, ended, status, failed = float(sent), float(ended), int(status), failed == "1"
        if ended < started:
            result.errors_before += failed
            continue
        result.requests += 1
        if failed:
            result.errors[status] += 1
            last_failed_sent = max(last_failed_sent, sent)
    result.recovery_s = max(0.0, ready_at - repaired, last_failed_sent - repaired)


# --- the writes ---------------------------------------------------------------------------------


def read_writes(out: Path, faults: list[str]) -> list[dict]:
    writes = []
    for fault in faults:
        path = out / f"{fault}_writes.jsonl"
        if path.exists():
            writes += [{**json.loads(line), "fault": fault} for line in path.read_text().splitlines() if line.strip()]
    return sorted(writes, key=lambda w: w["time"])


def check_writes(result: Drill, out: Path, database_url: str, fault: str) -> None:
    """This drill's writes, against the database, with the earlier drills' for the state they left."""
    history = read_writes(out, FAULTS)  # every drill's writes so far: answers and joins replace earlier ones
    mine = [w for w in history if w["fault"] == fault]
    tokens = {w["token"]: w for w in mine}
    acked = {w["token"] for w in mine if w["acked"]}
    with load.postgres_connect(database_url) as db:
        found = stored_counts(db, mine)
        final = final_states(db, {(w["member"], w["kind"], w["target"]) for w in mine})
    lost, duplicated, unacked_found = set(), {t for t, n in found.items() if n > 1}, set()
    by_key: dict[tuple, list[dict]] = {}
    for write in history:
        by_key.setdefault((write["member"], write["kind"], write["target"]), []).append(write)
    for token, write in tokens.items():
        if write["kind"] == "message":
            if token in acked and not found.get(token):
                lost.add(token)
            elif token not in acked and found.get(token):
                unacked_found.add(token)
            continue
        key = (write["member"], write["kind"], write["target"])
        states, count = final.get(key, (None, 0))
        if count > 1:
            duplicated.add(token)
        ops = by_key[key]
        last_acked = max((i for i, op in enumerate(ops) if op["acked"]), default=None)
        if token in acked and last_acked is not None:
            allowed = {op["state"] or op["token"] for op in ops[last_acked:]}
            if states not in allowed:
                lost.add(token)
        elif token not in acked and write["kind"] == "answer" and states == token:
            unacked_found.add(token)  # a join's state says nothing of which attempt made it
    result.writes = {
        "attempted": len(tokens),
        "acked": len(acked),
        "found": len(acked - lost),
        "unacked_found": len(unacked_found),
        "lost": len(lost),
        "duplicated": len(duplicated),
    }


def stored_counts(db, writes: list[dict]) -> dict[str, int]:
    """How many messages carry each token, by its Idempotency-Key or by its text."""
    tokens = [w["token"] for w in writes if w["kind"] == "message"]
    counts: Counter = Counter()
    query = "SELECT token::text, count(*) FROM community_message WHERE token = ANY(%s::uuid[]) GROUP BY 1"
    for token, count in db.execute(query, [tokens]).fetchall():
        counts[token] = count
    bodies = {f"Fault drill note {token}": token for token in tokens}
    query = "SELECT body, count(*) FROM community_message WHERE body = ANY(%s) GROUP BY 1"
    for body, count in db.execute(query, [list(bodies)]).fetchall():
        counts[bodies[body]] = max(counts[bodies[body]], count)
    return dict(counts)


def final_states(db, keys: set[tuple[str, str, str]]) -> dict[tuple, tuple[str | None, int]]:
    """For each (member, kind, target): what the database holds (an answer's token, "joined" or
    "left") and in how many rows."""
    members = sorted({member for member, _kind, _target in keys})
    states: dict[tuple, tuple[str | None, int]] = {}
    answers = """SELECT u.email, q.slug, a.text FROM conditions_answer a JOIN auth_user u ON u.id = a.author_id
        JOIN conditions_question q ON q.id = a.question_id JOIN conditions_condition c ON c.id = q.condition_id
        WHERE c.slug = %s AND u.email = ANY(%s)"""
    for email, slug, text in db.execute(answers, [load.SLUG, members]).fetchall():
        token = text.rsplit(" ", 1)[-1] if text.startswith("Fault drill answer ") else text
        previous = states.get((email, "answer", slug), (None, 0))
        states[(email, "answer", slug)] = (token, previous[1] + 1)
    joins = """SELECT u.email, c.slug, count(*) FROM community_membership m
        JOIN community_profile p ON p.id = m.member_id JOIN auth_user u ON u.id = p.user_id
        JOIN conditions_condition c ON c.id = m.condition_id
        WHERE c.slug = %s AND u.email = ANY(%s) GROUP BY 1, 2"""
    for email, slug, count in db.execute(joins, [load.OTHER_SLUG, members]).fetchall():
        states[(email, "join", slug)] = ("joined", count)
    for member, kind, target in keys:
        if kind == "join":
            states.setdefault((member, kind, target), ("left", 0))
    return states


# --- the report ---------------------------------------------------------------------------------

LEGEND = [
    "\nerrors: failed requests that ended after the fault began, as status:count ('none': no answer at all).",
    "recovery: from the repair (or the kill) until every request sent succeeds and every /readyz answers 200.",
    "writes: attempted/acknowledged/acknowledged and found in the database/stored twice; unack found: sent",
    "without an answer (an error, a reset), yet stored once, which is allowed.",
]


def verdicts(result: Drill) -> list[tuple[str, bool]]:
    checks = [
        ("no lost or duplicated write", result.writes.get("lost", 1) == 0 and result.writes.get("duplicated", 1) == 0),
        (f"recovery <= {RECOVERY_TARGET_S:.0f}s", result.recovery_s <= RECOVERY_TARGET_S),
    ]
    if result.fault in ("redis", "mail"):
        checks.append(("no 500", result.server_errors == 0))
    if result.fault == "postgres":
        checks.append(("a clear 503 page", result.page_while_down.startswith("503 back-soon")))
    return checks


def report(results: list[Drill], args: argparse.Namespace) -> None:
    print(
        f"\nfault drills: {args.users} users, {args.duration}s each, the fault at {args.fault_at}s; "
        f"{args.members:,} demo members; PostgreSQL, Redis, 2 gunicorn x 2 workers, the RQ task worker"
    )
    header = (
        f"{'fault':<9}{'requests':>9}  {'errors (by status)':<22}{'500s':>5}{'recovery':>9}"
        f"  {'writes att/ack/found/dup':<25}{'unack found':>11}  targets"
    )
    print(header)
    print("-" * (len(header) + 40))
    for r in results:
        errors = " ".join(f"{status or 'none'}:{count}" for status, count in sorted(r.errors.items())) or "0"
        w = r.writes
        writes = f"{w['attempted']}/{w['acked']}/{w['found']}/{w['duplicated']}"
        if w["lost"]:
            writes += f" LOST {w['lost']}"
        targets = ", ".join(f"{'PASS' if met else 'FAIL'} {name}" for name, met in verdicts(r))
        print(
            f"{r.fault:<9}{r.requests:>9}  {errors:<22}{r.server_errors:>5}{r.recovery_s:>8.1f}s"
            f"  {writes:<25}{w['unacked_found']:>11}  {targets}"
        )
    for line in LEGEND:
        print(line)
    for r in results:
        for note in r.notes:
            print(f"  {r.fault}: {note}")
        if r.errors_before:
            print(f"  {r.fault}: {r.errors_before} failed requests before the fault")
    logs = args.out / "logs"
    print(f"  emails taken by the SMTP server in all: {emails_received(logs)}; emails refused and retried later")
    print(f"  (1, 2, 4 ... min): {count_in(logs / 'tasks.log', 'failed, attempt')}")
    for log in sorted(logs.glob("gunicorn-*.log")):
        errors = count_in(log, "Internal Server Error")
        print(f"  {log.stem}: {errors} 'Internal Server Error' lines in its log (logs in {logs})")


def count_in(path: Path, text: str) -> int:
    return path.read_text(errors="replace").count(text) if path.exists() else 0


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=3000, help="demo members on the map (default 3,000)")
    parser.add_argument("--users", type=int, default=50, help="locust users (default 50)")
    parser.add_argument("--rate", type=float, default=10, help="users started per second (default 10)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load for each fault (default 60)")
    parser.add_argument(
        "--fault-at", type=float, default=20, help="seconds into the load, after the ramp-up (default 20)"
    )
    parser.add_argument("--redis-down", type=float, default=20, help="seconds Redis is stopped (default 20)")
    parser.add_argument("--pg-down", type=float, default=3, help="seconds PostgreSQL is stopped (default 3)")
    parser.add_argument("--mail-down", type=float, default=20, help="seconds the mail port is closed (default 20)")
    parser.add_argument("--faults", default=",".join(FAULTS), help=f"which, in order (default {','.join(FAULTS)})")
    parser.add_argument("--out", type=Path, default=PROJECT / "artifacts" / "faults", help="where the logs go")
    args = parser.parse_args(argv)
    args.faults = [name.strip() for name in args.faults.split(",") if name.strip()]
    if unknown := set(args.faults) - set(FAULTS):
        parser.error(f"unknown faults: {', '.join(sorted(unknown))}; choose from {', '.join(FAULTS)}")
    if args.members < 100 or args.users < 1 or args.fault_at + 5 > args.duration:
        parser.error("--members must be at least 100, --users at least 1, --fault-at 5 s before the end at least")
    args.load_members = args.users // 2 + 10  # bench/faults_locustfile.py: members are 2 in 7 of the users
    return args


def run(args: argparse.Namespace, tmp: Path, services: list[Service], database: list[str]) -> list[Drill]:
    admin_url = load.start_cluster(tmp, services)  # always a cluster of its own: it is restarted
    database_url = load.create_database(admin_url)
    database.extend([admin_url, database_url])
    redis_url = load.start_redis(tmp, services)
    smtp_port = start_sink(tmp, services)
    env = load.app_env(database_url, redis_url, tmp)
    env.update({"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": HOST})
    env.update({"EMAIL_PORT": str(smtp_port), "EMAIL_TIMEOUT": "5"})
    fixture = tmp / "fixture.json"
    load.prepare(env, args.members, args.load_members, fixture, database_url)
    hosts = load.start_apps(env, tmp, services)
    args.out.mkdir(parents=True, exist_ok=True)

    def postgres_ready() -> bool:
        try:
            with load.postgres_connect(admin_url):
                return True
        except Exception:
            return False

    setup = {"tmp": tmp, "hosts": hosts, "services": services, "fixture": fixture, "redis_url": redis_url}
    setup.update({"database_url": database_url, "smtp_port": smtp_port, "postgres_ready": postgres_ready})
    for old in args.out.glob("*_writes.jsonl"):
        old.unlink()
    return [drill(fault, setup, args) for fault in args.faults]


def keep_logs(tmp: Path, folder: Path) -> None:
    """The servers', the worker's, Redis's and PostgreSQL's logs, and the emails taken, into --out."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in [*tmp.glob("*.log"), tmp / "emails.txt"]:
        if path.exists():
            shutil.copy(path, folder / path.name)


def main(argv: list[str]) -> int:
    if argv[:1] == [SINK_FLAG]:
        run_sink(int(argv[1]), Path(argv[2]))
        return 0
    args = parse_args(argv)
    return load.guarded(
        "diseasemaps-faults-",
        lambda tmp, services, database: run(args, tmp, services, database),
        lambda results: report(results, args),
        keep=lambda tmp: keep_logs(tmp, args.out / "logs"),
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
