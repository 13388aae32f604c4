"""The load of bench/faults.py: bench/locustfile.py's visitors and members, whose every write is
recorded, and a few visitors asking for a password reset (an email each).

bench/faults.py hands over, besides bench/locustfile.py's LOAD_HOSTS, LOAD_FIXTURE and LOAD_WAIT:
- FAULTS_REQUESTS: a file to which each request adds a line: `sent ended status failed method name`
  (times in seconds since the epoch; status 0 for no answer at all: a connection reset or refused).
  bench/faults.py counts the errors and the time to recover from it.
- FAULTS_WRITES: a file to which each write adds a JSON line: its kind (message, answer, join), the
  member, what it writes to, the client's token, the state it asks for, and whether the server
  acknowledged it. bench/faults.py checks them against the database.

Messages go through the API with an Idempotency-Key; one that was not acknowledged is sent again,
with the same key, on the member's next message, as a client would. Answers carry their token in
their text; a join or a leave asks for a state (joined or not).
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid

import locustfile as base
from locust import between, events, task

REQUESTS = open(os.environ["FAULTS_REQUESTS"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (for the run)
WRITES = open(os.environ["FAULTS_WRITES"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115


@events.request.add_listener
def record_request(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status, ended = getattr(response, "status_code", 0) or 0, time.time()
    sent = ended - response_time / 1000
    REQUESTS.write(f"{sent:.3f} {ended:.3f} {status} {1 if exception else 0} {request_type} {name}\n")


def record_write(kind: str, member: str, target: str, token: str, acked: bool, status: int, state: str = "") -> None:
    line = {"kind": kind, "member": member, "target": target, "token": token, "state": state}
    WRITES.write(json.dumps({**line, "acked": acked, "status": status, "time": time.time()}) + "\n")


class Visitor(base.Visitor):
    weight = 4


class ResetVisitor(base.RoundRobinUser):
    """Someone who forgot their password: each request is an email for the task worker to send.
    Slow enough for allauth's limit of 5 a minute for each address."""

    weight = 1
    wait_time = between(10, 20)

    @task
    def reset_password(self) -> None:
        self.get("/accounts/password/reset/", "/accounts/password/reset/")
        email = random.choice(base.FIXTURE["members"])["email"]
        self.post_form("/accounts/password/reset/", "/accounts/password/reset/", {"email": email})


class Member(base.Member):
    """bench/locustfile.py's member; its writes are recorded, and the others left out."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.unsent: str | None = None  # a message's token that was not acknowledged: sent again

    @task(3)
    def send_message(self) -> None:
        if not self.account["threads"]:
            return
        if self.unsent:
            thread, token = self.unsent.split(" ")
        else:
            thread, token = random.choice(self.account["threads"]), str(uuid.uuid4())
        headers = self.headers(**{"X-CSRFToken": self.csrf_token(), "Idempotency-Key": token})
        with self.client.post(
            self.url(f"/api/connections/{thread}/messages/"),
            json={"text": f"Fault drill note {token}"},
            headers=headers,
            name="/api/connections/[id]/messages/",
            catch_response=True,
        ) as response:
            acked = response.status_code == 201
            if acked:
                response.success()
            else:
                response.failure(f"{response.status_code}, expected 201")
        record_write("message", self.account["email"], thread, token, acked, response.status_code)
        self.unsent = None if acked else f"{thread} {token}"

    @task(2)
    def answer(self) -> None:
        question, token = self.question(), str(uuid.uuid4())
        response = self.post_form(
            f"/conditions/{base.SLUG}/questions/{question}/answer/",
            "/conditions/[slug]/questions/[question]/answer/",
            {"choice": "unknown", "text": f"Fault drill answer {token}"},
        )
        acked = response.status_code == 302
        record_write("answer", self.account["email"], question, token, acked, response.status_code)

    @task(1)
    def join_or_leave(self) -> None:
        other, token = base.FIXTURE["other_slug"], str(uuid.uuid4())
        if self.joined:
            response = self.post_form(
                f"/community/memberships/{other}/leave/", "/community/memberships/[slug]/leave/", {}
            )
        else:
            response = self.post_form(f"/community/join/{other}/", "/community/join/[slug]/", {"role": "family"})
        acked = response.status_code == 302
        state = "left" if self.joined else "joined"
        record_write("join", self.account["email"], other, token, acked, response.status_code, state)
        if acked:
            self.joined = not self.joined


# Left out of bench/locustfile.py's member: its own, unrecorded writes (replaced above), and the
# helpful votes and the hidden toggle, which are not checked.
REPLACED = {"send_message", "answer", "join_or_leave", "vote_helpful", "hide_toggle"}
Member.tasks = [job for job in Member.tasks if job.__name__ not in REPLACED or job.__module__ == __name__]
