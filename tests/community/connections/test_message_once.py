"""A message sent twice (a double click, a retry after a timeout, two at once) is stored once:
the form carries a token, and the API takes an Idempotency-Key header."""

from __future__ import annotations

import re
import uuid

import pytest

from community.models.connections import Message
from tests.concurrency import run_at_once
from tests.factories import client_for

TOKEN = re.compile(r'name="token" value="([0-9a-f-]{36})"')


def api_messages(connection) -> str:
    return f"/api/connections/{connection.public_id}/messages/"


def form_token(client, connection) -> str:
    match = TOKEN.search(client.get(connection.get_absolute_url()).content.decode())
    assert match, "the message form carries no token"
    return match.group(1)


@pytest.mark.django_db
def test_the_same_form_posted_twice_stores_one_message_and_sends_one_notification(connected, members, queued):
    _alice, bob = members
    client = client_for(bob.user)
    token = form_token(client, connected)
    for _ in range(2):
        response = client.post(connected.get_absolute_url(), {"body": "Are you there?", "token": token})
        assert response.status_code == 302
    assert Message.objects.filter(connection=connected).count() == 1
    assert len(queued) == 1


@pytest.mark.django_db
def test_each_form_gets_its_own_token_and_two_messages_are_two(connected, members):
    _alice, bob = members
    client = client_for(bob.user)
    for body in ("One", "Two"):
        client.post(connected.get_absolute_url(), {"body": body, "token": form_token(client, connected)})
    assert list(Message.objects.filter(connection=connected).values_list("body", flat=True)) == ["One", "Two"]


@pytest.mark.django_db
def test_a_forged_token_is_refused_and_stores_nothing(connected, members):
    _alice, bob = members
    response = client_for(bob.user).post(connected.get_absolute_url(), {"body": "Hi", "token": "<script>"})
    assert response.status_code == 400
    assert not Message.objects.filter(connection=connected).exists()


@pytest.mark.django_db
def test_the_api_with_the_same_idempotency_key_stores_one_message(connected, members):
    alice, _bob = members
    client, key = client_for(alice.user), str(uuid.uuid4())
    answers = [
        client.post(
            api_messages(connected), {"text": "Hello"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
        )
        for _ in range(2)
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Message.objects.filter(connection=connected).count() == 1


@pytest.mark.django_db
def test_the_api_refuses_an_idempotency_key_that_is_not_a_uuid(connected, members):
    alice, _bob = members
    response = client_for(alice.user).post(
        api_messages(connected), {"text": "Hello"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="x" * 5000
    )
    assert response.status_code == 400
    assert not Message.objects.filter(connection=connected).exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_message_posted_at_once_is_stored_once(connected, members):
    _alice, bob = members
    token = form_token(client_for(bob.user), connected)
    data = {"body": "Only once", "token": token}
    results = run_at_once([lambda: client_for(bob.user).post(connected.get_absolute_url(), data)] * 6)
    assert results == [302] * 6
    assert Message.objects.filter(connection=connected).count() == 1
