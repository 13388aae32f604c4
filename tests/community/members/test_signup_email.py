"""A sign-up whose confirmation email cannot be sent: no error page and no half-made account."""

from __future__ import annotations

import smtplib

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from community.models import Membership, Profile
from tests.community.members.helpers import signup_data

pytestmark = pytest.mark.django_db

TRY_AGAIN = "We could not send the email that confirms your address"


class BrokenSMTPBackend(BaseEmailBackend):
    """The mail server answers, then refuses."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class UnreachableBackend(BaseEmailBackend):
    """Nothing listens where the mail server should be."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(params=["BrokenSMTPBackend", "UnreachableBackend"])
def failing_mail(request, settings):
    settings.EMAIL_BACKEND = f"{__name__}.{request.param}"


def test_a_failed_confirmation_email_asks_to_try_again_and_makes_no_account(client, valencia, condition, failing_mail):
    data = signup_data(condition=condition.slug)
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert TRY_AGAIN in page
    assert "try again" in page
    assert 'value="rosa.newcomer@example.org"' in page  # what was typed is kept
    assert not get_user_model().objects.filter(email=data["email"]).exists()
    assert not EmailAddress.objects.filter(email=data["email"]).exists()
    assert not Profile.objects.filter(display_name=data["display_name"]).exists()
    assert not Membership.objects.exists()
    assert "_auth_user_id" not in client.session


def test_after_a_failed_email_the_same_sign_up_works(client, settings, valencia, failing_mail):
    assert client.post("/accounts/signup/", signup_data()).status_code == 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert [message.to for message in mail.outbox] == [["rosa.newcomer@example.org"]], [m.subject for m in mail.outbox]
    assert Profile.objects.filter(display_name="Rosa from the coast").count() == 1


def test_a_failed_email_to_an_existing_address_answers_like_any_failure(client, alice, valencia, failing_mail):
    # Sign-up does not tell whether an address has an account: that failure reads the same.
    response = client.post("/accounts/signup/", signup_data(alice.email, "Someone else"))
    assert response.status_code == 200
    assert TRY_AGAIN in response.content.decode()
    assert not Profile.objects.filter(display_name="Someone else").exists()
