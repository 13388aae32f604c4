"""Notifications are tasks: sending a message or a request never waits for, nor fails with, the
mail server; the hour's slot is taken when an email is really sent."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse

from community.connections.notifications import ABOUT
from community.models.connections import Connection, Message
from tests.commits import run_queued
from tests.factories import client_for
from tests.mailers import FAILING, WORKING

pytestmark = pytest.mark.django_db


def api_messages(connection) -> str:
    return f"/api/connections/{connection.public_id}/messages/"


@pytest.fixture(params=FAILING)
def failing_mail(request, settings):
    settings.EMAIL_BACKEND = request.param


def notified_at(connection, profile):
    connection.refresh_from_db()
    return connection.low_notified_at if profile.pk == connection.low_id else connection.high_notified_at


def test_a_message_is_stored_once_and_answers_when_mail_fails(connected, members, queued, failing_mail):
    alice, bob = members
    response = client_for(bob.user).post(connected.get_absolute_url(), {"body": "See you on Tuesday"})
    assert response.status_code == 302
    assert Message.objects.filter(connection=connected, body="See you on Tuesday").count() == 1
    api = client_for(alice.user).post(
        api_messages(connected), {"text": "Tuesday is fine"}, content_type="application/json"
    )
    assert api.status_code == 201
    assert Message.objects.filter(connection=connected).count() == 2
    assert [result.task.name for result in queued] == ["send_notification", "send_notification"]
    assert run_queued(queued) == ["retrying", "retrying"]
    assert mail.outbox == []


def test_a_failed_notification_leaves_the_slot_free_and_is_sent_on_retry(
    settings, connected, members, queued, failing_mail
):
    alice, bob = members
    client_for(bob.user).post(connected.get_absolute_url(), {"body": "Hello again"})
    assert run_queued(queued) == ["retrying"]
    assert notified_at(connected, alice) is None  # not sent: the slot is still free
    settings.EMAIL_BACKEND = WORKING
    assert run_queued(queued) == ["sent"]
    (email,) = mail.outbox
    assert email.to == ["alice@example.org"]
    assert "Hello again" not in email.body
    assert notified_at(connected, alice) is not None


def test_a_failed_notification_does_not_silence_the_next_message(settings, connected, members, queued):
    _alice, bob = members
    settings.EMAIL_BACKEND = FAILING[0]
    settings.EMAIL_TASK_ATTEMPTS = 1
    client_for(bob.user).post(connected.get_absolute_url(), {"body": "First"})
    assert run_queued(queued) == ["given up"]
    settings.EMAIL_BACKEND = WORKING
    client_for(bob.user).post(connected.get_absolute_url(), {"body": "Second"})
    client_for(bob.user).post(connected.get_absolute_url(), {"body": "Third"})
    assert run_queued(queued) == ["sent", "batched"]  # one email an hour, once one was sent
    assert [email.to for email in mail.outbox] == [["alice@example.org"]]


def test_the_request_waits_for_no_mail_and_the_worker_sends_it(members, queued):
    alice, bob = members
    response = client_for(alice.user).post(reverse("community:connect", args=[bob.public_id]), {"note": "Hi"})
    assert response.status_code in (302, 303)
    assert Connection.objects.count() == 1
    assert mail.outbox == []
    assert run_queued(queued) == ["sent"]
    assert [email.to for email in mail.outbox] == [["bob@example.org"]]


def test_a_request_answered_before_the_worker_comes_sends_nothing(members, queued):
    alice, bob = members
    client_for(alice.user).post(reverse("community:connect", args=[bob.public_id]), {"note": "Hi"})
    Connection.objects.get().accept(bob)
    assert run_queued(queued) == ["gone"]
    assert mail.outbox == []


def test_a_notification_whose_database_is_away_is_tried_again_and_then_sent(settings, connected, members, queued):
    _alice, bob = members
    settings.EMAIL_BACKEND = WORKING
    client_for(bob.user).post(connected.get_absolute_url(), {"body": "While the database restarts"})
    with patch.dict(ABOUT, message=database_away):
        assert run_queued(queued) == ["retrying"]
    assert mail.outbox == []
    assert run_queued(queued) == ["sent"]
    (email,) = mail.outbox
    assert email.to == ["alice@example.org"]


def database_away(object_id):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
