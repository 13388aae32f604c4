"""Logging in and out (django-allauth): rate limits, the admin login through allauth, logging out, and passwords."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.test import Client

from tests.community.members.helpers import (
    BAD_LOGIN,
    NEW_PASSWORD,
    RESET_LINK,
    TOO_MANY,
    html,
    link_in,
    log_in,
    signed_in_user_id,
)
from tests.factories import PASSWORD, UserFactory, verify_email

ROOT = Path(__file__).resolve().parents[3]


CLIENT_IP_SCRIPT = """
import django
django.setup()
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
request = RequestFactory().post(
    "/accounts/login/", REMOTE_ADDR="127.0.0.1", HTTP_HOST="maps.example.org",
    HTTP_X_FORWARDED_FOR="203.0.113.5", HTTP_X_REAL_IP="203.0.113.5", HTTP_X_FORWARDED_PROTO="https",
)
print(get_adapter(request).get_client_ip(request))
"""


def readme_production_env() -> dict[str, str]:
    """The environment of README's deployment example, with a real secret key instead of the file."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Deploying", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    exports = [line for line in block.replace("\\\n", " ").splitlines() if line.startswith("export ")]
    assert exports, block
    env = dict(token.split("=", 1) for token in shlex.split(exports[0])[1:] if "=" in token)
    env.pop("SECRET_KEY_FILE", None)
    env["SECRET_KEY"] = "a-production-grade-secret-key-with-plenty-of-different-characters-0123456789"
    return env


class TestLoginRateLimit:
    def test_sixth_failed_login_within_five_minutes_is_refused_even_with_the_right_password(self, client, alice):
        for _attempt in range(5):
            response = log_in(client, alice.email, "wrong password")
            assert response.status_code == 200
            assert BAD_LOGIN in html(response)
            assert TOO_MANY not in html(response)

        response = log_in(client, alice.email, PASSWORD)
        assert response.status_code in {200, 429}
        assert TOO_MANY in html(response)
        assert signed_in_user_id(client) is None

    def test_the_limit_counts_the_email_in_any_case(self, client, alice):
        for login in [
            "alice@example.org",
            "ALICE@example.org",
            "Alice@Example.org",
            "alice@EXAMPLE.ORG",
            "aLiCe@example.org",
        ]:
            assert BAD_LOGIN in html(log_in(client, login, "wrong password"))
        response = log_in(client, alice.email, PASSWORD)
        assert TOO_MANY in html(response)
        assert signed_in_user_id(client) is None

    def test_another_account_is_not_blocked_by_alices_failures(self, client, alice, bob):
        for _attempt in range(5):
            log_in(client, alice.email, "wrong password")
        assert TOO_MANY in html(log_in(client, alice.email, PASSWORD))

        other = Client()
        response = log_in(other, bob.email, PASSWORD)
        assert response.status_code == 302
        assert response.url == "/community/profile/"
        assert signed_in_user_id(other) == str(bob.pk)

    def test_eleven_failures_from_one_address_within_a_minute_block_every_account_from_it(self, client, bob):
        for number in range(10):
            assert BAD_LOGIN in html(log_in(Client(), f"guess{number}@example.org", "wrong password"))
        response = log_in(client, bob.email, PASSWORD)
        assert TOO_MANY in html(response)
        assert signed_in_user_id(client) is None
        # ... which is why allauth must see each visitor's own address, not the reverse proxy's.
        response = log_in(Client(REMOTE_ADDR="198.51.100.7"), bob.email, PASSWORD)
        assert response.status_code == 302

    def test_behind_the_documented_reverse_proxy_each_visitor_is_limited_on_their_own_address(self):
        # README "Deploying": gunicorn on 127.0.0.1 behind a TLS-terminating proxy. Unless allauth is
        # told to trust the proxy (ALLAUTH_TRUSTED_PROXY_COUNT or ALLAUTH_TRUSTED_CLIENT_IP_HEADER), every
        # visitor has the proxy's address, and "10/m/ip" failed logins lock the whole site out.
        env = {**readme_production_env(), "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "diseasemaps.settings"}
        result = subprocess.run(
            [sys.executable, "-c", CLIENT_IP_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "203.0.113.5"

    def test_right_password_before_the_limit_signs_in(self, client, alice):
        for _attempt in range(4):
            log_in(client, alice.email, "wrong password")
        response = log_in(client, alice.email, PASSWORD)
        assert response.status_code == 302
        assert signed_in_user_id(client) == str(alice.pk)


class TestAdminLogin:
    def test_admin_login_page_sends_visitors_to_allauths_login(self, client, db):
        response = client.get("/admin/login/")
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")
        assert response.url == "/accounts/login/?next=%2Fadmin%2Flogin%2F"

    def test_admin_index_sends_visitors_to_allauths_login(self, client, db):
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
        assert response.status_code == 200
        assert response.templates[0].name == "account/login.html"

    def test_posting_to_the_admin_login_never_signs_in(self, client, curator):
        response = client.post("/admin/login/", {"username": curator.username, "password": PASSWORD})
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")
        assert signed_in_user_id(client) is None

    def test_member_without_staff_status_is_forbidden(self, alice_client):
        response = alice_client.get("/admin/", follow=True)
        assert response.status_code == 403
        assert alice_client.get("/admin/login/").status_code == 403

    def test_curator_signs_in_through_allauth_and_reaches_the_admin(self, client, curator):
        verify_email(curator)
        response = log_in(client, curator.email, PASSWORD, next_url="/admin/")
        assert response.status_code == 302
        assert response.url == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_failed_admin_logins_hit_allauths_rate_limit(self, client, curator):
        verify_email(curator)
        login_url = client.get("/admin/").url
        login_url = client.get(login_url).url  # /admin/login/?next=/admin/ → allauth's login
        assert login_url.startswith("/accounts/login/?next=")
        for _attempt in range(5):
            response = client.post(login_url, {"login": curator.email, "password": "wrong password"})
            assert BAD_LOGIN in html(response)
        response = client.post(login_url, {"login": curator.email, "password": PASSWORD})
        assert TOO_MANY in html(response)
        assert signed_in_user_id(client) is None
        assert client.get("/admin/").status_code == 302


class TestLogout:
    def test_logout_page_asks_for_confirmation_and_keeps_the_member_signed_in(self, alice_client, alice):
        response = alice_client.get("/accounts/logout/")
        assert response.status_code == 200
        assert 'method="post"' in html(response)
        assert signed_in_user_id(alice_client) == str(alice.pk)
        assert alice_client.get("/community/profile/").status_code == 200

    def test_posting_logs_out(self, alice_client):
        response = alice_client.post("/accounts/logout/")
        assert response.status_code == 302
        assert signed_in_user_id(alice_client) is None
        assert alice_client.get("/community/profile/").status_code == 302


class TestPasswords:
    def test_password_reset_email_does_not_reveal_the_username(self, client, valencia):
        user = UserFactory(username="member-5f2c9a0e1b3d4c6f", email="ines@example.org")
        verify_email(user)
        response = client.post("/accounts/password/reset/", {"email": "ines@example.org"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["ines@example.org"]
        assert user.username not in message.body
        assert "member-" not in message.body
        assert "username" not in message.body.casefold()

    def test_password_reset_link_sets_a_new_password(self, client, alice):
        client.post("/accounts/password/reset/", {"email": alice.email})
        response = client.get(link_in(mail.outbox[0], RESET_LINK))
        assert response.status_code == 302
        set_url = response.url
        response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.check_password(NEW_PASSWORD)
        response = log_in(Client(), alice.email, NEW_PASSWORD)
        assert response.status_code == 302

    def test_password_change_works_for_alice(self, alice_client, alice):
        response = alice_client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.check_password(NEW_PASSWORD)
        assert signed_in_user_id(alice_client) == str(alice.pk)  # still signed in after the change
        assert BAD_LOGIN in html(log_in(Client(), alice.email, PASSWORD))
        assert log_in(Client(), alice.email, NEW_PASSWORD).status_code == 302

    def test_password_change_needs_the_current_password(self, alice_client, alice):
        response = alice_client.post(
            "/accounts/password/change/",
            {"oldpassword": "wrong password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 200
        alice.refresh_from_db()
        assert alice.check_password(PASSWORD)
