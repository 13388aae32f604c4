"""The load of bench/load.py: 80% visitors reading, 20% members reading and writing.

bench/load.py starts the servers, seeds the data and runs this file with locust. It hands over:
- LOAD_HOSTS: the app servers, comma-separated. Each user sends its requests to them in turn
  (round-robin), like a proxy would; the session cookie works on both, as they share the database.
- LOAD_FIXTURE: a JSON file with the condition, its questions, answers and places, and the
  members to log in as (email, password, the threads they may write in).
- LOAD_WAIT: "1" to wait 1 to 3 s between actions, "0" for none (saturation).

Requests are named by route pattern (/conditions/[slug]/), not by concrete URL, so the figures
are per endpoint. Each user sends its own X-Forwarded-For address (the servers trust one proxy),
as real visitors come from many addresses: the per-address limits then count each user alone.
Users are FastHttpUser (geventhttpclient): locust shares the 2 cores with the servers, and it spends
several times less CPU per request than the requests-based HttpUser.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text(encoding="utf-8"))
HOSTS = [host.strip().rstrip("/") for host in os.environ["LOAD_HOSTS"].split(",") if host.strip()]
WAIT = between(1, 3) if os.environ.get("LOAD_WAIT", "1") == "1" else constant(0)
SLUG = FIXTURE["slug"]
PLACE_QUERIES = ["lon", "par", "ber", "mad", "new y", "sao p", "tok", "mu", "val", "ca"]
CONDITION_QUERIES = ["wilson", "hemo", "syndrome", "disease", "fever", "xq"]

user_numbers = itertools.count()
member_numbers = itertools.count()


class RoundRobinUser(FastHttpUser):
    """Sends each request to the next server; every user starts on a different one."""

    abstract = True
    host = HOSTS[0]
    wait_time = WAIT

    def on_start(self) -> None:
        number = next(user_numbers)
        start = number % len(HOSTS)
        self.hosts = itertools.cycle(HOSTS[start:] + HOSTS[:start])
        self.forwarded_for = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"

    def url(self, path: str) -> str:
        return next(self.hosts) + path

    def headers(self, **more: str) -> dict[str, str]:
        return {"X-Forwarded-For": self.forwarded_for, **more}

    def csrf_token(self) -> str:
        return next((cookie.value for cookie in self.client.cookiejar if cookie.name == "csrftoken"), "")

    def get(self, path: str, name: str, **kwargs):
        return self.client.get(self.url(path), name=name, headers=self.headers(), **kwargs)

    def post_form(self, path: str, name: str, data: dict, expect: tuple[int, ...] = (302,)):
        """A form POST as a browser sends it, not following the redirect: the write alone is timed."""
        body = urlencode({**data, "csrfmiddlewaretoken": self.csrf_token()})
        headers = self.headers(**{"Content-Type": "application/x-www-form-urlencoded"})
        with self.client.post(
            self.url(path), data=body, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in expect:
                response.success()
            else:
                response.failure(f"{response.status_code}, expected {expect}")
        return response

    def condition(self) -> str:
        return SLUG if random.random() < 0.7 else random.choice(FIXTURE["slugs"])

    def question(self) -> str:
        return random.choice(FIXTURE["questions"])

    def map_with_data(self, slug: str) -> None:
        self.get(f"/conditions/{slug}/map/", "/conditions/[slug]/map/")
        self.get(f"/api/conditions/{slug}/map/places/", "/api/conditions/[slug]/map/places/")


class Visitor(RoundRobinUser):
    """Someone not signed in, reading."""

    weight = 4

    @task(3)
    def home(self) -> None:
        self.get("/", "/")

    @task(1)
    def condition_index(self) -> None:
        self.get("/conditions/", "/conditions/")

    @task(1)
    def condition_search(self) -> None:
        self.get(f"/conditions/?q={random.choice(CONDITION_QUERIES)}", "/conditions/?q=[query]")

    @task(3)
    def condition_page(self) -> None:
        self.get(f"/conditions/{self.condition()}/", "/conditions/[slug]/")

    @task(1)
    def causes(self) -> None:
        self.get(f"/conditions/{self.condition()}/causes/", "/conditions/[slug]/causes/")

    @task(1)
    def questions(self) -> None:
        self.get(f"/conditions/{self.condition()}/questions/", "/conditions/[slug]/questions/")

    @task(2)
    def question_page(self) -> None:
        self.get(f"/conditions/{SLUG}/questions/{self.question()}/", "/conditions/[slug]/questions/[question]/")

    @task(2)
    def map_page(self) -> None:
        self.map_with_data(self.condition())

    @task(1)
    def people_page(self) -> None:
        """Visitors are sent to log in: the redirect is the answer they get."""
        with self.client.get(
            self.url(f"/conditions/{SLUG}/people/"),
            name="/conditions/[slug]/people/ (visitor)",
            headers=self.headers(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"{response.status_code}, expected a redirect to log in")

    @task(1)
    def place_search(self) -> None:
        self.get(f"/api/places/?q={random.choice(PLACE_QUERIES)}", "/api/places/?q=[query]")


class Member(RoundRobinUser):
    """A signed-in member: logs in once, then reads the map and people, and writes."""

    weight = 1

    def on_start(self) -> None:
        super().on_start()
        members = FIXTURE["members"]
        self.account = members[next(member_numbers) % len(members)]
        self.voted: set[int] = set()
        self.hidden = False
        self.joined = False
        self.get("/accounts/login/", "/accounts/login/")
        response = self.post_form(
            "/accounts/login/",
            "/accounts/login/",
            {"login": self.account["email"], "password": self.account["password"]},
        )
        if response.status_code != 302 or "/accounts/" in response.headers.get("Location", ""):
            raise RuntimeError(f"{self.account['email']} could not log in ({response.status_code})")

    def get(self, path: str, name: str, **kwargs):
        """A member's page, answered with 200; a redirect (to log in, say) is a failure, not a page."""
        with self.client.get(
            self.url(path), name=name, headers=self.headers(), allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}".strip())
        return response

    def on_stop(self) -> None:
        if self.hidden:  # leave the map as it was for the next run
            self.toggle_hidden()

    @task(3)
    def map_with_members(self) -> None:
        self.map_with_data(SLUG)

    @task(2)
    def place_members(self) -> None:
        place = random.choice(FIXTURE["places"])
        name = "/api/conditions/[slug]/map/places/[id]/members/"
        self.get(f"/api/conditions/{SLUG}/map/places/{place}/members/", name)

    @task(1)
    def people(self) -> None:
        self.get(f"/conditions/{SLUG}/people/", "/conditions/[slug]/people/")

    @task(1)
    def condition_page(self) -> None:
        self.get(f"/conditions/{SLUG}/", "/conditions/[slug]/ (member)")

    @task(1)
    def profile(self) -> None:
        self.get("/community/profile/", "/community/profile/")

    @task(2)
    def inbox_and_thread(self) -> None:
        self.get("/community/messages/", "/community/messages/")
        self.get("/community/messages/unread/", "/community/messages/unread/")
        if self.account["threads"]:
            thread = random.choice(self.account["threads"])
            self.get(f"/community/messages/{thread}/", "/community/messages/[id]/")

    @task(1)
    def send_message(self) -> None:
        if self.account["threads"]:
            thread = random.choice(self.account["threads"])
            body = random.choice(["Thank you for your note.", "How did your last visit go?", "Same here, take care."])
            self.post_form(f"/community/messages/{thread}/", "/community/messages/[id]/", {"body": body})

    @task(1)
    def answer(self) -> None:
        question = self.question()
        self.get(f"/conditions/{SLUG}/questions/{question}/", "/conditions/[slug]/questions/[question]/ (member)")
        text = random.choice(["It seems so in our family.", "Our doctors were not sure about it.", "Not for us."])
        self.post_form(
            f"/conditions/{SLUG}/questions/{question}/answer/",
            "/conditions/[slug]/questions/[question]/answer/",
            {"choice": "unknown", "text": text},
        )

    @task(2)
    def vote_helpful(self) -> None:
        question, answer = random.choice(FIXTURE["answers"])
        undo = answer in self.voted
        self.post_form(
            f"/conditions/{SLUG}/questions/{question}/answers/{answer}/helpful/",
            "/conditions/[slug]/questions/[question]/answers/[id]/helpful/",
            {"helpful": "0" if undo else "1"},
        )
        self.voted.symmetric_difference_update({answer})

    @task(1)
    def join_or_leave(self) -> None:
        other = FIXTURE["other_slug"]
        if self.joined:
            self.post_form(f"/community/memberships/{other}/leave/", "/community/memberships/[slug]/leave/", {})
        else:
            self.post_form(f"/community/join/{other}/", "/community/join/[slug]/", {"role": "family"})
        self.joined = not self.joined

    @task(1)
    def hide_toggle(self) -> None:
        self.toggle_hidden()

    def toggle_hidden(self) -> None:
        visibility = "listed" if self.hidden else "hidden"
        with self.client.patch(
            self.url("/api/me/"),
            json={"visibility": visibility},
            headers=self.headers(**{"X-CSRFToken": self.csrf_token()}),
            name="/api/me/ (visibility)",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                response.success()
                self.hidden = not self.hidden
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
