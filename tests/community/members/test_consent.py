"""Consent to process health data (GDPR art. 9(2)(a)): asked at sign-up, recorded with its time and
the policy's version, asked once of members who never gave it, and shown in "Download my data"."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Profile
from tests.factories import PASSWORD, client_for, make_member

pytestmark = pytest.mark.django_db

User = get_user_model()
CONSENT_URL = "/community/consent/"


def signup_data(**extra) -> dict:
    return {
        "email": "nadia@example.org",
        "password1": "Lantern-Trombone-Quartz-42",
        "password2": "Lantern-Trombone-Quartz-42",
        "display_name": "Nadia by the sea",
        "role": "patient",
        "place": 2509954,  # the valencia fixture
        "visibility": "listed",
        "condition": "",
        **extra,
    }


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's words, without its tags or line breaks."""
    return " ".join(re.sub(r"<[^>]+>", "", html(response)).split())


@pytest.fixture
def dora(valencia):
    """A member from before consent was asked: no consent recorded."""
    return make_member("dora", "Dora of old", valencia, without_consent=True).user


class TestSignUp:
    def test_sign_up_asks_for_consent_with_an_unticked_required_box_and_a_link_to_the_policy(self, client, valencia):
        page = html(client.get("/accounts/signup/"))
        box = re.search(r'<input[^>]*name="health_data_consent"[^>]*>', page)
        assert box, page
        assert 'type="checkbox"' in box.group(0)
        assert "required" in box.group(0)
        assert "checked" not in box.group(0)
        assert f'href="{reverse("privacy")}"' in page
        assert f'href="{reverse("terms")}"' in page
        assert "delete your account" in page

    def test_sign_up_without_consent_creates_nothing(self, client, valencia):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data())
        assert response.status_code == 200
        assert "health_data_consent" in response.context["form"].errors
        assert User.objects.count() == users
        assert mail.outbox == []

    @pytest.mark.parametrize("forged", ["", "0", "no", "off", "false"])
    def test_a_forged_empty_consent_is_refused(self, client, valencia, forged):
        users = User.objects.count()
        client.post("/accounts/signup/", signup_data(health_data_consent=forged))
        assert User.objects.count() == users

    def test_sign_up_records_the_time_and_the_policy_version(self, client, valencia, settings):
        settings.PRIVACY_POLICY_VERSION = "2031-02-03"
        before = timezone.now()
        response = client.post("/accounts/signup/", signup_data(health_data_consent="on"))
        assert response.status_code == 302
        profile = Profile.objects.get(display_name="Nadia by the sea")
        assert profile.health_data_consent_version == "2031-02-03"
        assert before <= profile.health_data_consent_at <= timezone.now()

    def test_a_new_member_who_confirms_their_email_is_not_asked_again(self, client, valencia):
        client.post("/accounts/signup/", signup_data(health_data_consent="on"))
        link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
        response = client.post(link, follow=True)
        assert response.redirect_chain[-1][0] == "/community/profile/"
        assert response.status_code == 200


class TestMembersWithoutConsent:
    def test_are_sent_to_the_consent_page_before_any_other_page_keeping_next(self, dora, condition):
        client = client_for(dora)
        response = client.get(f"/conditions/{condition.slug}/?tab=map")
        assert response.status_code == 302
        assert response.url == f"{CONSENT_URL}?next=%2Fconditions%2F{condition.slug}%2F%3Ftab%3Dmap"

    def test_at_their_next_sign_in(self, client, dora):
        response = client.post("/accounts/login/", {"login": "dora@example.org", "password": PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == f"{CONSENT_URL}?next=%2Fcommunity%2Fprofile%2F"
        assert "Your consent" in html(response)

    def test_consenting_records_it_and_goes_on_to_next(self, dora, condition, settings):
        client = client_for(dora)
        before = timezone.now()
        response = client.post(f"{CONSENT_URL}?next=/conditions/{condition.slug}/", {"health_data_consent": "on"})
        assert response.status_code == 302
        assert response.url == f"/conditions/{condition.slug}/"
        profile = Profile.objects.get(user=dora)
        assert profile.health_data_consent_version == settings.PRIVACY_POLICY_VERSION
        assert profile.health_data_consent_at >= before
        assert client.get(f"/conditions/{condition.slug}/").status_code == 200
        assert client.get("/community/profile/").status_code == 200

    def test_not_ticking_the_box_records_nothing(self, dora):
        client = client_for(dora)
        response = client.post(CONSENT_URL, {})
        assert response.status_code == 400
        assert Profile.objects.get(user=dora).health_data_consent_at is None
        assert client.get("/community/profile/").status_code == 302

    @pytest.mark.parametrize("next_url", ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)"])
    def test_next_never_leaves_the_site(self, dora, next_url):
        client = client_for(dora)
        response = client.post(f"{CONSENT_URL}?next={next_url}", {"health_data_consent": "on"})
        assert response.status_code == 302
        assert response.url == "/community/profile/"

    def test_the_consent_page_escapes_next(self, dora):
        page = html(client_for(dora).get(CONSENT_URL, {"next": '/"><script>alert(1)</script>'}))
        assert "<script>alert(1)" not in page

    @pytest.mark.parametrize(
        "path",
        [
            CONSENT_URL,
            "/privacy/",
            "/terms/",
            "/contact/",
            "/accounts/logout/",
            "/community/my-data/",
            "/community/delete-account/",
            "/api/me/export/",
        ],
    )
    def test_can_still_read_the_policies_log_out_export_and_delete(self, dora, path):
        response = client_for(dora).get(path)
        assert response.status_code == 200, path

    def test_static_files_are_not_held_back(self, dora):
        response = client_for(dora).get("/static/css/site.css")
        assert "Location" not in response  # WhiteNoise serves them in production; here they are a plain 404

    def test_can_delete_their_account_without_consenting(self, dora):
        client = client_for(dora)
        response = client.post("/community/delete-account/", {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        assert not User.objects.filter(pk=dora.pk).exists()

    @pytest.mark.parametrize(("method", "path"), [("get", "/api/me/"), ("post", "/api/connections/")])
    def test_api_requests_get_a_clear_403_in_json(self, dora, method, path):
        response = getattr(client_for(dora), method)(path, content_type="application/json")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["code"] == "consent_required"
        assert "privacy policy" in body["detail"]
        assert body["consent_url"] == CONSENT_URL

    def test_a_post_elsewhere_is_refused_and_changes_nothing(self, dora, condition):
        client = client_for(dora)
        response = client.post(f"/community/join/{condition.slug}/", {"role": "patient"})
        assert response.status_code == 302
        assert response.url.startswith(CONSENT_URL)
        assert not Profile.objects.get(user=dora).memberships.exists()

    def test_are_asked_again_when_the_policy_changes(self, alice, settings):
        client = client_for(alice)
        assert client.get("/community/profile/").status_code == 200
        settings.PRIVACY_POLICY_VERSION = "2099-01-01"
        response = client.get("/community/profile/")
        assert response.status_code == 302
        assert response.url.startswith(CONSENT_URL)
        assert "has changed" in html(client.get(CONSENT_URL))


class TestWhoIsNotAsked:
    def test_visitors(self, client, condition):
        assert client.get(f"/conditions/{condition.slug}/").status_code == 200

    def test_members_who_consented(self, alice):
        assert client_for(alice).get("/community/profile/").status_code == 200

    def test_accounts_without_a_profile_hold_no_health_data(self, charlie):
        assert client_for(charlie).get("/community/profile/").status_code == 200

    def test_a_member_who_consented_pays_no_query_for_it(self, alice):
        client = client_for(alice)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/conditions/").status_code == 200
        assert not [query for query in queries if "health_data_consent" in query["sql"]]

    def test_creating_a_profile_asks_for_consent(self, charlie, valencia):
        client = client_for(charlie)
        data = {"display_name": "Charlie C.", "role": "patient", "place": valencia.pk, "visibility": "listed"}
        response = client.post("/community/profile/", data)
        assert response.status_code == 200
        assert "health_data_consent" in response.context["form"].errors
        assert not Profile.objects.filter(user=charlie).exists()
        response = client.post("/community/profile/", {**data, "health_data_consent": "on"})
        assert response.status_code == 302
        assert Profile.objects.get(user=charlie).health_data_consent_at is not None

    def test_the_consent_page_is_for_signed_in_members(self, client):
        response = client.get(CONSENT_URL)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


class TestMyData:
    def test_the_export_shows_the_consent_and_how_to_withdraw_it(self, alice):
        Profile.objects.filter(user=alice).update(
            health_data_consent_at=timezone.now() - timedelta(days=3), health_data_consent_version="2026-12-01"
        )
        data = json.loads(client_for(alice).get("/community/my-data/").content)
        consent = data["consent"]
        assert consent["health_data"]["policy_version"] == "2026-12-01"
        assert consent["health_data"]["given_at"] == Profile.objects.get(user=alice).health_data_consent_at.isoformat()
        assert "delete your account" in consent["how_to_withdraw"]

    def test_the_export_of_a_member_who_never_consented_says_so(self, dora):
        data = json.loads(client_for(dora).get("/community/my-data/").content)
        assert data["consent"]["health_data"] is None

    def test_my_profile_says_when_i_consented_and_how_to_withdraw(self, alice):
        page = text(client_for(alice).get("/community/profile/"))
        assert "You agreed to the privacy policy" in page
        assert "leave your maps" in page


class TestPolicyPages:
    @pytest.mark.parametrize("name", ["privacy", "terms", "contact"])
    def test_are_public_in_the_site_layout_and_show_the_operator(self, client, settings, name):
        settings.OPERATOR_NAME = "Asociación <b>Mapas</b>"
        settings.OPERATOR_ADDRESS = "Carrer de Prova 7, 46001 València"
        settings.OPERATOR_EMAIL = "hola@mapas.example"
        response = client.get(reverse(name))
        assert response.status_code == 200
        page = html(response)
        assert 'class="site-header"' in page and 'class="site-footer"' in page
        assert "Asociación &lt;b&gt;Mapas&lt;/b&gt;" in page
        assert "Carrer de Prova 7, 46001 València" in page
        assert 'href="mailto:hola@mapas.example"' in page

    def test_the_privacy_policy_shows_its_version_and_what_the_site_does(self, client, settings):
        settings.PRIVACY_POLICY_VERSION = "2031-02-03"
        settings.MAP_MIN_GROUP = 4
        page = html(client.get("/privacy/"))
        assert "2031-02-03" in page
        for words in [
            "9(2)(a)",
            "fewer than 4 people",
            "only essential cookies",
            "no cookie banner",
            "Download my data",
            "Delete my account",
            "turn them off",
            "tile.openstreetmap.org",
        ]:
            assert words in page, words

    def test_are_linked_from_the_footer_of_every_page(self, client, condition):
        page = html(client.get(f"/conditions/{condition.slug}/"))
        footer = page[page.index('class="site-footer"') :]
        for name in ["privacy", "terms", "contact"]:
            assert f'href="{reverse(name)}"' in footer

    def test_are_in_the_sitemap(self, client):
        assert "http://testserver/sitemap-policies.xml</loc>" in html(client.get("/sitemap.xml"))
        sitemap = html(client.get("/sitemap-policies.xml"))
        for path in ["/privacy/", "/terms/", "/contact/"]:
            assert f"http://testserver{path}</loc>" in sitemap

    def test_visitors_get_them_from_the_page_cache(self, client, django_assert_max_num_queries):
        client.get("/privacy/")
        with django_assert_max_num_queries(0):
            assert Client().get("/privacy/").status_code == 200

    def test_a_new_policy_version_is_never_served_from_the_old_cache(self, client, settings):
        client.get("/privacy/")
        settings.PRIVACY_POLICY_VERSION = "2099-09-09"
        assert "2099-09-09" in html(Client().get("/privacy/"))


def test_the_admin_shows_consent_but_cannot_forge_it(admin_client, dora):
    profile = Profile.objects.get(user=dora)
    page = html(admin_client.get(reverse("admin:community_profile_change", args=[profile.pk])))
    assert "consent to process health data given at" in page.lower()
    assert 'name="health_data_consent_at' not in page
    assert 'name="health_data_consent_version"' not in page


def test_the_api_cannot_forge_consent(dora):
    response = client_for(dora).patch(
        "/api/me/", {"health_data_consent_version": "2099-01-01"}, content_type="application/json"
    )
    assert response.status_code == 403
    alice = make_member("alice2", "Alice Two", Profile.objects.get(user=dora).place).user
    response = client_for(alice).patch(
        "/api/me/",
        {"health_data_consent_at": None, "health_data_consent_version": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    profile = Profile.objects.get(user=alice)
    assert profile.has_current_consent
