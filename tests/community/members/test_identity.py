"""Nobody can pass for someone else: display names that imitate a member or the staff are refused,
failed logins are counted per account whatever Host header is sent, and emails link to the real site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from community.members.display_names import skeleton
from community.models import Profile, Visibility
from tests.factories import PASSWORD, client_for, make_member

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def tromso(valencia):
    return make_member("tromso", "AliceTromso", valencia)


def rename(client, name: str):
    profile = Profile.objects.get(user_id=client.session["_auth_user_id"])
    data = {
        "display_name": name,
        "role": profile.role,
        "place": profile.place_id,
        "visibility": profile.visibility,
        "accepts_requests": profile.accepts_requests,
        "email_notifications": "on",
    }
    return client.post(reverse("community:profile"), data)


def refused(response) -> bool:
    return response.status_code == 400 or (
        response.status_code == 200 and "display_name" in response.context["form"].errors
    )


class TestDisplayNames:
    @pytest.mark.parametrize(
        "copy",
        [
            "Alice\u200bTromso",  # a zero-width space
            "\u0410lice\u0422romso",  # Cyrillic A and Te
            "AIiceTromso",  # capital i for l
            "ＡｌｉｃｅＴｒｏｍｓｏ",  # full-width letters, which NFKC folds
            "alice tromso",
        ],
    )
    def test_a_copy_of_a_listed_members_name_is_refused(self, alice, tromso, copy):
        client = client_for(alice)
        response = rename(client, copy)
        assert refused(response), copy
        assert Profile.objects.get(user=alice).display_name == "Alice in Valencia"

    @pytest.mark.parametrize("name", ["\u202eosmorTecilA", "Bob\u200d", "Bob\u2066x", "Eve\u00ad"])
    def test_format_and_bidi_controls_are_refused(self, alice, name):
        assert refused(rename(client_for(alice), name))

    @pytest.mark.parametrize(
        "name", ["Curator", "Admin", "Diseasemaps team", "The Moderators", "ADMlN", "Diseasemaps", "Site Admin 2"]
    )
    def test_staff_like_names_are_reserved(self, alice, name):
        assert refused(rename(client_for(alice), name))

    def test_names_are_stored_in_nfkc(self, alice):
        response = rename(client_for(alice), "Ｒｏｓａ ｍａｒｉｎａ")
        assert response.status_code == 302
        assert Profile.objects.get(user=alice).display_name == "Rosa marina"

    @pytest.mark.parametrize("visibility", [Visibility.COUNTED, Visibility.HIDDEN])
    def test_a_look_alike_of_an_unlisted_members_name_is_not_reported_taken(self, alice, valencia, visibility):
        make_member("quiet", "QuietOne", valencia, visibility=visibility)
        response = rename(client_for(alice), "Qu1etOne")
        assert response.status_code == 302  # the unlisted member's pseudonym is not revealed as "taken"

    def test_ordinary_names_in_any_script_are_welcome(self, alice):
        for name in ["Zoë Müller", "Ольга", "陳小明", "María José", "Nguyễn Thị Hoa"]:
            response = rename(client_for(alice), name)
            assert response.status_code == 302, name

    def test_the_api_applies_the_same_rules(self, alice, tromso):
        client = client_for(alice)
        for name in ["\u0410lice\u0422romso", "Admin", "Eve\u202e"]:
            response = client.patch("/api/me/", {"display_name": name}, content_type="application/json")
            assert response.status_code == 400, name
            assert "display_name" in response.json()

    def test_the_skeleton_folds_look_alikes_together(self):
        assert skeleton("AliceTromso") == skeleton("\u0410lice\u0422romso") == skeleton("AIice tromso")
        assert skeleton("AliceTromso") != skeleton("AliceTromse")


class TestLoginLimitIgnoresTheHostHeader:
    def test_failures_under_varied_host_headers_count_for_one_account(self, alice, settings):
        settings.ALLOWED_HOSTS = ["*"]
        for port in range(1, 6):
            Client(HTTP_HOST=f"127.0.0.1:{port}").post(
                reverse("account_login"), {"login": alice.email, "password": "wrong"}
            )
        client = Client(HTTP_HOST="127.0.0.1:99")
        response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
        assert TOO_MANY in response.content.decode()
        assert "_auth_user_id" not in client.session


def run_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "diseasemaps.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-grade-secret-key-with-plenty-of-different-characters-0123456789",
    "ALLOWED_HOSTS": "maps.example.org",
    "OPERATOR_NAME": "Maps for rare diseases",
    "OPERATOR_ADDRESS": "2 Harbour Road, Porto",
    "OPERATOR_EMAIL": "privacy@maps.example.org",
}


class TestSiteUrl:
    def test_production_refuses_to_start_without_site_url(self):
        result = run_check(PRODUCTION)
        assert result.returncode != 0
        assert "SITE_URL" in result.stderr

    def test_the_deploy_check_wants_site_url_on_https_and_an_allowed_host(self):
        result = run_check({**PRODUCTION, "SITE_URL": "http://elsewhere.example"}, "--deploy")
        assert "SITE_URL" in result.stdout + result.stderr
        good = run_check({**PRODUCTION, "SITE_URL": "https://maps.example.org"}, "--deploy", "--fail-level", "ERROR")
        assert good.returncode == 0, good.stderr
        assert "diseasemaps.W" not in good.stdout + good.stderr

    def test_the_deploy_check_wants_the_operator_named(self):
        demo = {key: value for key, value in PRODUCTION.items() if not key.startswith("OPERATOR_")}
        result = run_check({**demo, "SITE_URL": "https://maps.example.org"}, "--deploy")
        assert "diseasemaps.W003" in result.stdout + result.stderr

    def test_pages_link_to_the_site_url_whatever_the_host_header(self, client, condition, settings):
        settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
        settings.SITE_URL = "https://maps.example.org"
        html = client.get(condition.get_absolute_url(), headers={"host": "evil.example"}).content.decode()
        assert 'rel="canonical" href="https://maps.example.org/conditions/' in html
        assert "evil.example" not in html
