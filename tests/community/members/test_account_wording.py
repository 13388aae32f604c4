"""The account pages (django-allauth) speak the site's language: "Log in" as in the header, sentence
case, checkboxes beside their labels, and the messages after each step in our own words."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.community.members.helpers import link_in, signup_data
from tests.factories import PASSWORD, CuratorFactory, client_for, verify_email

pytestmark = pytest.mark.django_db

# allauth's own words, which must not show through anywhere
ALLAUTH_WORDS = [
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Remember Me",
    "Forgot your password?",
    "Successfully signed in",
    "Password Reset",
    "Change Password",
    "Email Addresses",
    "Confirm Email Address",
    "Verify Your Email Address",
    "Forgot Password?",
    "New Password",
    "Current Password",
    "Make Primary",
    "Re-send Verification",
]
HEADINGS = re.compile(r"<h[12][^>]*>(.*?)</h[12]>", re.S)
TAGS = re.compile(r"<[^>]+>")
MESSAGES = re.compile(r'<p class="message[^"]*">(.*?)</p>', re.S)
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"]
MEMBER_PAGES = ["/accounts/logout/", "/accounts/email/", "/accounts/password/change/"]


def text_of(fragment: str) -> str:
    return " ".join(TAGS.sub(" ", fragment).split())


def assert_in_our_words(html: str) -> None:
    assert [words for words in ALLAUTH_WORDS if words in html] == []
    for heading in (text_of(fragment) for fragment in HEADINGS.findall(html)):
        later_words = heading.split()[1:]
        capitalised = [word for word in later_words if word[:1].isupper() and word != "Diseasemaps"]
        assert capitalised == [], f"not sentence case: {heading!r}"


def messages_of(response) -> list[str]:
    return [text_of(message) for message in MESSAGES.findall(response.content.decode())]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_entrance_pages_are_in_our_words(client, url):
    assert_in_our_words(client.get(url).content.decode())


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_account_pages_are_in_our_words(alice, url):
    assert_in_our_words(client_for(alice).get(url).content.decode())


def test_the_login_page_says_log_in_like_the_header(client):
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r"<h1>\s*Log in\s*</h1>", html)
    assert re.search(r'<button type="submit"[^>]*>\s*Log in\s*</button>', html)
    assert "Keep me logged in on this device" in html
    assert "Forgotten your password?" in html


def test_checkboxes_sit_before_their_labels(client):
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r'<div class="checkbox">\s*<input type="checkbox" name="remember"[^>]*>\s*<label', html)


def test_a_failed_login_is_in_our_words(client, alice):
    verify_email(alice)
    response = client.post("/accounts/login/", {"login": alice.email, "password": "wrong"})
    assert_in_our_words(response.content.decode())


def test_the_curator_is_welcomed_in_our_words(db):
    curator = CuratorFactory(username="carol", email="curator@example.org")
    verify_email(curator)
    client = Client()
    response = client.post("/accounts/login/", {"login": curator.email, "password": PASSWORD}, follow=True)
    assert messages_of(response) == ["You are logged in."]
    response = client.post("/accounts/logout/", follow=True)
    assert messages_of(response) == ["You are logged out."]


def test_signing_up_and_confirming_are_in_our_words(client, valencia):
    response = client.post("/accounts/signup/", signup_data(), follow=True)
    html = response.content.decode()
    assert_in_our_words(html)
    assert messages_of(response) == ["We have sent an email to rosa.newcomer@example.org to confirm it is yours."]
    confirm = client.get(link_in(mail.outbox[0]))
    assert_in_our_words(confirm.content.decode())
    response = client.post(link_in(mail.outbox[0]), follow=True)
    assert "Thank you: your email address rosa.newcomer@example.org is confirmed." in messages_of(response)


def test_changing_the_password_is_in_our_words(alice):
    verify_email(alice)
    data = {
        "oldpassword": PASSWORD,
        "password1": "Lantern-Trombone-Quartz-42",
        "password2": "Lantern-Trombone-Quartz-42",
    }
    response = client_for(alice).post("/accounts/password/change/", data, follow=True)
    assert messages_of(response) == ["Your password is changed."]
