"""One structured line a request, through LOGGING: method, path without its query, status, time and
user id; never an email, a password, a message's text or a secret link (issue 13, item 7)."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from tests.community.members.helpers import NEW_PASSWORD, log_in, signup_data
from tests.factories import PASSWORD, client_for

REQUESTS = "diseasemaps.requests"


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.DEBUG)  # everything any logger says, not only the request lines
    return caplog


def request_lines(caplog) -> list[dict]:
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == REQUESTS]


def everything_logged(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_a_visitors_request_gives_one_line(client, logged, condition):
    response = client.get(f"{condition.get_absolute_url()}?q=private+words&utm_source=x")
    assert response.status_code == 200
    [line] = request_lines(logged)
    assert line["method"] == "GET"
    assert line["path"] == condition.get_absolute_url()
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user"] == "-"
    assert "private" not in everything_logged(logged)


def test_a_members_request_names_their_id_only(alice, logged):
    client = client_for(alice)
    logged.clear()
    client.get("/")
    [line] = request_lines(logged)
    assert line["user"] == alice.pk
    assert alice.email not in everything_logged(logged)


def test_errors_and_redirects_are_logged_with_their_status(client, logged, db):
    client.get("/no-such-page/")
    client.get(reverse("community:profile"))
    assert [line["status"] for line in request_lines(logged)] == [404, 302]


def test_a_login_logs_no_email_and_no_password(client, alice, logged):
    log_in(client, alice.email, PASSWORD)
    log_in(client, "someone.else@example.org", "a wrong password")
    text = everything_logged(logged)
    assert [line["path"] for line in request_lines(logged)] == ["/accounts/login/"] * 2
    for secret in (alice.email, "someone.else@example.org", PASSWORD, "a wrong password"):
        assert secret not in text


def test_a_sign_up_logs_no_email_and_no_password(client, logged, valencia):
    client.post(reverse("account_signup"), signup_data(email="rosa.private@example.org"))
    text = everything_logged(logged)
    assert request_lines(logged)
    assert "rosa.private@example.org" not in text
    assert NEW_PASSWORD not in text


def test_a_message_logs_no_text(connected, alice, logged):
    client = client_for(alice)
    logged.clear()
    client.post(reverse("community:thread", args=[connected.public_id]), {"body": "My private diagnosis story"})
    assert [line["status"] for line in request_lines(logged)] == [302]
    assert "private diagnosis" not in everything_logged(logged)


def test_an_email_in_the_path_is_not_logged(client, logged, db):
    client.get("/conditions/rosa.private@example.org/")
    [line] = request_lines(logged)
    assert "rosa.private@example.org" not in line["path"]


def test_secret_links_are_logged_as_their_pattern(client, logged, db):
    client.get("/accounts/confirm-email/MTIz:1tX2bQ:secret-key-part/")
    client.get("/accounts/password/reset/key/1-set-password-secret/")
    paths = [line["path"] for line in request_lines(logged)]
    assert len(paths) == 2
    assert not any("secret" in path for path in paths), paths


def test_control_characters_cannot_forge_a_line(client, logged, db):
    client.get("/conditions/x%0A%7B%22status%22%3A200%7D/")
    assert len(request_lines(logged)) == 1


def test_the_console_masks_an_email_whichever_logger_writes_it(db):
    [console] = [handler for handler in logging.getLogger().handlers if type(handler) is logging.StreamHandler]
    path = "/x/a.b@c.org/"
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", (path,), None)
    assert console.filter(record)
    assert "a.b@c.org" not in console.format(record)
    assert "Not Found: /x/[email]/" in console.format(record)
