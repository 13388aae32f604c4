"""Emails go out in the recipient's language (issue 15): the one they signed up in or chose since,
whatever the language of the page that caused them; their links lead to the pages in it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from community.models import ConditionRequest, Profile
from tests.commits import run_queued
from tests.community.condition_request_helpers import ask, decide
from tests.community.members.helpers import signup_data
from tests.factories import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_after_each_request")]


def in_language(language: str, text: str, **values) -> str:
    with translation.override(language):
        translated = gettext(text)
    return translated % values if values else translated


def test_a_message_is_announced_in_the_recipients_language(connected, members, queued):
    alice, bob = members
    Profile.objects.filter(pk=alice.pk).update(language="de")
    thread = connected.get_absolute_url()
    client_for(bob.user).post(f"/es{thread}", {"body": "Hola"})
    assert run_queued(queued) == ["sent"]
    (email,) = mail.outbox
    german = in_language("de", "A new message from %(name)s", name=bob.display_name)
    assert german != f"A new message from {bob.display_name}"
    assert email.subject.endswith(german)
    assert in_language("de", "Read it here:") in email.body
    assert f"/de{thread}" in email.body and "/es/" not in email.body


def test_a_connection_request_is_announced_in_english_to_an_english_member(members, queued):
    alice, bob = members
    client_for(alice.user).post(f"/fr/community/members/{bob.public_id}/connect/", {"note": "Bonjour"})
    assert run_queued(queued) == ["sent"]
    (email,) = mail.outbox
    assert email.subject.endswith(f"{alice.display_name} asks to connect with you")
    assert "/fr/" not in email.body


def test_a_condition_requests_outcome_reaches_each_asker_in_their_language(alice, bob, curator, queued):
    Profile.objects.filter(user=alice).update(language="it")
    for member in (alice, bob):
        ask(client_for(member), "Syndrome of the made-up tests", confirm=True)
    curator_client = client_for(curator)
    decide(curator_client, ConditionRequest.objects.get(), "decline", reason="Not a real condition.")
    assert run_queued(queued) == ["sent", "sent"]
    by_recipient = {email.to[0]: email for email in mail.outbox}
    name = "Syndrome of the made-up tests"
    italian = in_language("it", "Your request for %(name)s is declined", name=name)
    assert italian != f"Your request for {name} is declined"
    assert by_recipient[alice.email].subject.endswith(italian)
    assert by_recipient[bob.email].subject.endswith(f"Your request for {name} is declined")


def test_the_confirmation_email_is_in_the_language_signed_up_in(valencia, queued, client):
    response = client.post("/pt/accounts/signup/", signup_data())
    assert response.status_code == 302
    run_queued(queued)
    (email,) = mail.outbox
    link = re.search(r"https?://testserver(/\S+)", email.body)[1]
    assert link.startswith("/pt/accounts/confirm-email/")
    english = "You're receiving this email because"
    assert english not in email.body and email.subject != "[Diseasemaps] Please Confirm Your Email Address"


def test_a_password_reset_asked_from_an_english_page_is_in_the_members_language(alice, queued, client):
    Profile.objects.filter(user=alice).update(language="es")
    client.post("/accounts/password/reset/", {"email": alice.email.upper()})
    run_queued(queued)
    (email,) = mail.outbox
    with translation.override("es"):
        spanish_subject = gettext("Password Reset Email")
    assert spanish_subject != "Password Reset Email" and email.subject.endswith(spanish_subject)
