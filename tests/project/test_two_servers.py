"""Two app servers on one database and one Redis, as production runs them: a member hides on one and
a visitor on the other sees the map's figure drop at once (the cached page is shared through Redis)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.factories import PASSWORD
from tests.project.helpers import PRODUCTION_ENV, ROOT, run_manage
from tests.redis_server import RedisServer, free_port

pytestmark = pytest.mark.redis

SEED = """
from community.models import Visibility
from tests.factories import ConditionFactory, MembershipFactory, PlaceFactory, make_member
condition = ConditionFactory(name="Shared map condition")
place = PlaceFactory(name="Valencia", country_code="ES", latitude=39.47, longitude=-0.38)
for name in ("rosa", "tomas"):
    MembershipFactory(member=make_member(name, name.title(), place, visibility=Visibility.LISTED), condition=condition)
print(condition.slug)
"""


class Server:
    """One gunicorn (one worker) on a port of its own, its log in a file."""

    def __init__(self, env: dict[str, str], log_dir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"gunicorn-{self.port}.log"
        args = [sys.executable, "-m", "gunicorn", "diseasemaps.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        args += ["--workers", "1", "--graceful-timeout", "2", "--control-socket", str(log_dir / f"{self.port}.ctl")]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"gunicorn on {self.port} did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Browser:
    """An HTTP client that keeps its cookies, like a browser with a session."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)

    def request(self, url: str, data: bytes | None = None, method: str = "GET", headers: dict | None = None):
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def map_total(server: Server, slug: str) -> int:
    status, html = Browser().request(f"{server.base}/conditions/{slug}/map/")
    assert status == 200, html[:500]
    return int(re.search(r'class="map-total" data-total="(\d+)"', html).group(1))


def sign_in(browser: Browser, server: Server, email: str) -> None:
    status, html = browser.request(f"{server.base}/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD}).encode()
    status, html = browser.request(f"{server.base}/accounts/login/", form, "POST")
    assert status == 200 and "sessionid" in {cookie.name for cookie in browser.cookies}, html[:500]


def prepare(env: dict[str, str]) -> None:
    """Migrate the database and collect the static files (production's manifest), side by side."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "diseasemaps.settings", **env}
    steps = [["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]]
    running = [
        subprocess.Popen([sys.executable, "manage.py", *step], cwd=ROOT, env=clean, stderr=subprocess.PIPE, text=True)
        for step in steps
    ]
    for process in running:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors


@pytest.fixture
def servers(tmp_path):
    """Two gunicorns on one migrated SQLite database and one Redis, both as production runs them."""
    redis = RedisServer(free_port())
    redis.start()
    env = {
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_URL": redis.url,
    }
    started = []
    try:
        prepare(env)
        seeded = run_manage("shell", "--no-imports", "-c", SEED, env=env)
        assert seeded.returncode == 0, seeded.stderr
        clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "diseasemaps.settings", **env}
        started = [Server(clean, tmp_path), Server(clean, tmp_path)]
        for server in started:
            server.wait_ready()
        yield (*started, seeded.stdout.strip())
    finally:
        for server in started:
            server.stop()
        redis.stop()


def test_a_hide_on_one_server_is_seen_on_the_other_at_once(servers):
    server_a, server_b, slug = servers
    assert map_total(server_b, slug) == 2
    assert map_total(server_b, slug) == 2  # now served from the page cache in Redis

    rosa = Browser()
    sign_in(rosa, server_a, "rosa@example.org")
    status, body = rosa.request(
        f"{server_a.base}/api/me/",
        json.dumps({"visibility": "hidden"}).encode(),
        "PATCH",
        {"Content-Type": "application/json", "X-CSRFToken": rosa.cookie("csrftoken")},
    )
    assert status == 200, body
    assert json.loads(body)["visibility"] == "hidden"

    assert map_total(server_b, slug) == 1
