"""Sign-up and password reset when the mail server fails: the request answers as usual, the
account is whole, and the email is a task retried with back-off until it is sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from community.models import Membership, Profile
from tests.commits import run_queued
from tests.community.members.helpers import CONFIRM_LINK, RESET_LINK, link_in, signup_data
from tests.mailers import FAILING, WORKING

pytestmark = pytest.mark.django_db


@pytest.fixture(params=FAILING)
def failing_mail(request, settings):
    settings.EMAIL_BACKEND = request.param


def test_sign_up_answers_and_makes_the_whole_account_when_mail_fails(client, valencia, condition, failing_mail):
    data = signup_data(condition=condition.slug)
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email=data["email"])
    assert EmailAddress.objects.filter(user=user, email=data["email"], verified=False).count() == 1
    assert Profile.objects.filter(user=user, display_name=data["display_name"]).count() == 1
    assert Membership.objects.filter(member__user=user, condition=condition).count() == 1
    assert mail.outbox == []


def test_a_request_enqueues_the_confirmation_and_the_task_sends_it(client, valencia, queued):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert mail.outbox == []  # not sent in the request
    assert [result.task.name for result in queued] == ["send_email"]
    assert run_queued(queued) == ["sent"]
    (message,) = mail.outbox
    assert message.to == ["rosa.newcomer@example.org"]
    confirm = client.post(link_in(message, CONFIRM_LINK))
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email="rosa.newcomer@example.org").verified


def test_a_failed_confirmation_is_retried_with_back_off_and_sent_once(client, settings, valencia, queued, caplog):
    settings.EMAIL_BACKEND = FAILING[0]
    client.post("/accounts/signup/", signup_data())
    before = timezone.now()
    assert run_queued(queued) == ["retrying"]
    (retry,) = queued
    assert retry.args[-1] == 2  # the second attempt
    assert before + timedelta(seconds=50) < retry.task.run_after < before + timedelta(seconds=70)
    assert run_queued(queued) == ["retrying"]
    assert queued[0].task.run_after > timezone.now() + timedelta(seconds=110)  # twice as long
    settings.EMAIL_BACKEND = WORKING
    assert run_queued(queued) == ["sent"]
    assert queued == []
    assert [message.to for message in mail.outbox] == [["rosa.newcomer@example.org"]]
    assert "rosa.newcomer" not in caplog.text  # the logs name no address


def test_a_confirmation_that_keeps_failing_is_given_up_and_logged(client, settings, valencia, queued, caplog):
    settings.EMAIL_BACKEND = FAILING[1]
    settings.EMAIL_TASK_ATTEMPTS = 3
    client.post("/accounts/signup/", signup_data())
    assert [run_queued(queued) for _ in range(3)] == [["retrying"], ["retrying"], ["given up"]]
    assert queued == []
    assert "send_email failed 3 times (ConnectionRefusedError): given up" in caplog.text


def test_password_reset_answers_when_mail_fails_and_the_reset_link_arrives_later(
    client, settings, alice, queued, failing_mail
):
    response = client.post("/accounts/password/reset/", {"email": alice.email})
    assert response.status_code == 302
    assert run_queued(queued) == ["retrying"]
    settings.EMAIL_BACKEND = WORKING
    assert run_queued(queued) == ["sent"]
    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert client.get(link_in(message, RESET_LINK)).status_code in (200, 302)


def test_a_sign_up_that_rolls_back_sends_nothing(client, valencia, queued, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away half-way")

    monkeypatch.setattr(Membership.objects, "join", broken, raising=False)
    monkeypatch.setattr(Profile, "save", broken)
    failing_client = Client(raise_request_exception=False)
    response = failing_client.post("/accounts/signup/", signup_data())
    assert response.status_code == 500
    assert not get_user_model().objects.filter(email="rosa.newcomer@example.org").exists()
    assert not EmailAddress.objects.exists()
    assert queued == []  # no email for an account that does not exist
