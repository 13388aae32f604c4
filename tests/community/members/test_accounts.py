"""Accounts (django-allauth): the join flow, sign-up checks, enumeration, rate limits, the admin
login, styled pages and keeping members' emails to themselves."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_display
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from community.accounts import user_display as community_user_display
from community.models import Membership, Profile, Role, Visibility
from tests.factories import PASSWORD, MembershipFactory, UserFactory, make_member, verify_email

pytestmark = pytest.mark.django_db

User = get_user_model()

NEW_PASSWORD = "Lantern-Trombone-Quartz-42"
CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/[^/\s]+/)")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
BAD_LOGIN = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."
VALENCIA_ID = 2509954  # the `valencia` fixture


def signup_data(
    email: str = "rosa.newcomer@example.org",
    display_name: str = "Rosa from the coast",
    *,
    place: object = VALENCIA_ID,
    role: str = Role.FAMILY,
    visibility: str = Visibility.LISTED,
    condition: str = "",
    next_url: str | None = None,
    **extra: str,
) -> dict:
    """What the sign-up form posts, with a strong password that has nothing to do with the email."""
    data = {
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "display_name": display_name,
        "role": role,
        "place": place,
        "visibility": visibility,
        "condition": condition,
        "health_data_consent": "on",
        **extra,
    }
    if next_url is not None:
        data["next"] = next_url
    return data


def html(response) -> str:
    return response.content.decode()


def link_in(message, pattern: re.Pattern = CONFIRM_LINK) -> str:
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


def log_in(client: Client, email: str, password: str, next_url: str = ""):
    url = f"/accounts/login/?next={next_url}" if next_url else "/accounts/login/"
    return client.post(url, {"login": email, "password": password})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    bob_client = Client()
    bob_client.force_login(bob)
    return bob_client


class TestJoinFlow:
    def test_visitor_joins_a_condition_signs_up_confirms_and_lands_on_its_map(self, client, valencia, condition):
        condition_url = f"/conditions/{condition.slug}/"

        response = client.get(f"/community/join/{condition.slug}/")
        assert response.status_code == 302
        assert response.url == f"/accounts/signup/?next=%2Fconditions%2F{condition.slug}%2F"

        response = client.get(response.url)
        assert response.status_code == 200
        assert "Join the Neonatal hemochromatosis community" in html(response)
        assert response.context["form"]["condition"].value() == condition.slug

        data = signup_data(condition=condition.slug, next_url=condition_url)
        response = client.post("/accounts/signup/", data)
        assert response.status_code == 302
        assert response.url == "/accounts/confirm-email/"
        assert client.get(response.url).status_code == 200

        user = User.objects.get(email="rosa.newcomer@example.org")
        assert user.username.startswith("member-")
        assert "rosa" not in user.username.casefold()
        assert "newcomer" not in user.username.casefold()

        profile = Profile.objects.get(user=user)
        assert (profile.display_name, profile.role, profile.place, profile.visibility) == (
            "Rosa from the coast",
            Role.FAMILY,
            valencia,
            Visibility.LISTED,
        )
        membership = Membership.objects.get(member=profile)
        assert (membership.condition, membership.role) == (condition, Role.FAMILY)
        assert not EmailAddress.objects.filter(user=user, verified=True).exists()

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["rosa.newcomer@example.org"]
        assert user.username not in message.body
        assert user.username not in message.subject
        assert "member-" not in message.body
        confirm_url = link_in(message)

        # Not counted until the email is confirmed, for visitors and for the newcomer alike.
        assert "There are 0 people in the map." in html(Client().get(condition_url))
        assert "There are 0 people in the map." in html(client.get(condition_url))

        response = client.get(confirm_url)
        assert response.status_code == 200
        assert signed_in_user_id(client) is None
        assert not EmailAddress.objects.filter(user=user, verified=True).exists()

        response = client.post(confirm_url)
        assert response.status_code == 302
        assert response.url == condition_url
        assert signed_in_user_id(client) == str(user.pk)
        assert EmailAddress.objects.get(user=user).verified

        page = html(client.get(condition_url))
        assert "There is 1 person in the map." in page
        assert "You are on this map." in page
        assert "Rosa from the coast" in page

    def test_visitors_see_the_new_member_counted_once_confirmed(self, client, valencia, condition):
        condition_url = f"/conditions/{condition.slug}/"
        visitor = Client()
        client.get(f"/community/join/{condition.slug}/")
        client.post("/accounts/signup/", signup_data(condition=condition.slug, next_url=condition_url))
        assert "There are 0 people in the map." in html(visitor.get(condition_url))  # now in the page cache

        client.post(link_in(mail.outbox[0]))

        assert "There is 1 person in the map." in html(visitor.get(condition_url))
        assert visitor.get("/").context["totals"]["people"] == 1

    def test_confirming_in_another_browser_verifies_without_signing_in(self, client, valencia, condition):
        condition_url = f"/conditions/{condition.slug}/"
        client.get(f"/community/join/{condition.slug}/")
        client.post("/accounts/signup/", signup_data(condition=condition.slug, next_url=condition_url))
        other_browser = Client()

        response = other_browser.post(link_in(mail.outbox[0]))

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
        assert signed_in_user_id(other_browser) is None
        assert EmailAddress.objects.get(email="rosa.newcomer@example.org").verified
        assert "There is 1 person in the map." in html(Client().get(condition_url))

    def test_next_pointing_to_another_site_is_ignored(self, client, valencia):
        client.post("/accounts/signup/", signup_data(next_url="https://evil.example/phish"))
        response = client.post(link_in(mail.outbox[0]))
        assert response.status_code == 302
        assert response.url == "/community/profile/"
        assert "evil.example" not in response.url

    def test_sign_up_without_a_condition_joins_no_map(self, client, valencia, condition):
        response = client.post("/accounts/signup/", signup_data())
        assert response.status_code == 302
        profile = Profile.objects.get(display_name="Rosa from the coast")
        assert not profile.memberships.exists()

    def test_plain_sign_up_page_does_not_name_a_condition(self, client, condition):
        page = html(client.get("/accounts/signup/"))
        assert "Join the Neonatal hemochromatosis community" not in page
        assert "<h1>Sign up</h1>" in page

    def test_draft_condition_cannot_be_joined_by_visitors(self, client, draft_condition):
        assert client.get(f"/community/join/{draft_condition.slug}/").status_code == 404


def assert_nothing_created(response, users_before: int) -> None:
    assert response.status_code == 200  # the form is shown again with its errors
    assert User.objects.count() == users_before
    assert not Profile.objects.exclude(user__username__in=["alice", "bob"]).exists()
    assert mail.outbox == []


class TestSignUpValidation:
    def test_display_name_taken_by_another_member_in_any_case(self, client, alice):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(display_name="ALICE IN VALENCIA"))
        assert_nothing_created(response, users)
        assert response.context["form"].errors["display_name"] == ["This display name is taken. Choose another one."]

    def test_display_name_taken_with_other_spacing(self, client, alice):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(display_name="  alice   in valencia "))
        assert_nothing_created(response, users)
        assert "display_name" in response.context["form"].errors

    def test_display_name_taken_with_accented_capitals(self, client, valencia):
        make_member("angela", "Ángela", valencia)
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(display_name="ÁNGELA"))
        assert response.status_code == 200
        assert User.objects.count() == users
        assert response.context["form"].errors["display_name"] == ["This display name is taken. Choose another one."]

    @pytest.mark.parametrize(
        ("email", "display_name"),
        [
            ("rosa.m@example.org", "Rosa M"),
            ("rosa.m@example.org", "rosa.m"),
            ("rosa.m@example.org", "ROSA_M"),
            ("rosa.m@example.org", "rosa.m@example.org"),
            ("someone@example.org", "me@home"),
        ],
    )
    def test_display_name_that_is_or_looks_like_an_email(self, client, valencia, email, display_name):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(email, display_name))
        assert_nothing_created(response, users)
        assert response.context["form"].errors["display_name"] == [
            "Choose a display name that is not your email address."
        ]

    @pytest.mark.parametrize("place", ["999999999", "39.47,-0.38", "Valencia", "-1", "2509954.0"])
    def test_place_must_be_a_gazetteer_id(self, client, valencia, place):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(place=place))
        assert_nothing_created(response, users)
        errors = response.context["form"].errors["place"]
        assert any("not in our list" in error for error in errors)
        assert "not in our list" in html(response)

    def test_place_is_required(self, client, valencia):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(place=""))
        assert_nothing_created(response, users)
        assert response.context["form"].errors["place"] == ["Choose your town or city from the list."]

    @pytest.mark.parametrize(
        "coordinates",
        [{"latitude": "39.4", "longitude": "-0.3"}, {"lat": "39.4", "lng": "-0.3"}, {"location": "39.4,-0.3"}],
    )
    def test_coordinates_are_refused(self, client, valencia, coordinates):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(**coordinates))
        assert_nothing_created(response, users)
        errors = response.context["form"].non_field_errors()
        assert errors == ["Places are chosen from our list of towns and cities; coordinates are not accepted."]
        assert "coordinates are not accepted" in html(response)

    def test_forged_condition_slug_is_refused(self, client, valencia, condition):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(condition="no-such-condition"))
        assert_nothing_created(response, users)
        assert response.context["form"].errors["condition"] == ["That condition does not exist."]
        assert "That condition does not exist." in html(response)

    def test_condition_unpublished_after_join_leaves_the_visitor_a_visible_error(self, client, valencia, condition):
        # The session remembers the condition and the form sends it back in a hidden field: if it can no
        # longer be joined, the visitor must be told why nothing happens, or they are stuck on this page.
        client.get(f"/community/join/{condition.slug}/")
        condition.is_published = False
        condition.save()
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(condition=condition.slug))
        assert_nothing_created(response, users)
        assert "That condition does not exist." in html(response)

    def test_draft_condition_slug_is_refused(self, client, valencia, draft_condition):
        users = User.objects.count()
        response = client.post("/accounts/signup/", signup_data(condition=draft_condition.slug))
        assert_nothing_created(response, users)
        assert "condition" in response.context["form"].errors

    def test_script_in_display_name_is_kept_as_text_and_escaped(self, client, valencia, condition):
        name = "<script>alert(1)</script>"
        response = client.post(
            "/accounts/signup/", signup_data(display_name=name, condition=condition.slug, password2="mismatch")
        )
        assert response.status_code == 200
        assert name not in html(response)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(response)

        response = client.post("/accounts/signup/", signup_data(display_name=name, condition=condition.slug))
        assert response.status_code == 302
        profile = Profile.objects.get(display_name=name)
        assert community_user_display(profile.user) == name
        verify_email(profile.user)

        client.force_login(profile.user)
        for url in [f"/conditions/{condition.slug}/", "/community/profile/", "/accounts/email/", "/"]:
            page = html(client.get(url))
            assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(client.get(f"/conditions/{condition.slug}/"))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(client.get("/community/profile/"))


class TestEnumerationPrevention:
    def test_signing_up_with_a_registered_email_looks_like_a_new_sign_up(self, alice, valencia):
        new = Client().post("/accounts/signup/", signup_data("newcomer@example.org", "Fresh Face"), follow=True)
        taken = Client().post("/accounts/signup/", signup_data(alice.email, "Someone Else"), follow=True)

        assert new.status_code == taken.status_code == 200
        assert new.redirect_chain == taken.redirect_chain == [("/accounts/confirm-email/", 302)]
        assert [t.name for t in new.templates] == [t.name for t in taken.templates]

        assert User.objects.filter(email__iexact=alice.email).count() == 1
        assert EmailAddress.objects.filter(email__iexact=alice.email).count() == 1
        assert not Profile.objects.filter(display_name="Someone Else").exists()
        assert [message.to for message in mail.outbox] == [["newcomer@example.org"], [alice.email]]
        assert "This address already has an account." in mail.outbox[1].body
        assert "/accounts/password/reset/" in mail.outbox[1].body
        assert not CONFIRM_LINK.search(mail.outbox[1].body)

    def test_registered_email_in_another_case_creates_no_second_account(self, client, alice, valencia):
        response = client.post("/accounts/signup/", signup_data("ALICE@Example.org", "Someone Else"))
        assert response.status_code == 302
        assert response.url == "/accounts/confirm-email/"
        assert User.objects.filter(email__iexact=alice.email).count() == 1
        assert len(mail.outbox) == 1
        assert "already has an account" in mail.outbox[0].body

    def test_password_reset_answers_alike_for_known_and_unknown_emails(self, alice):
        known = Client().post("/accounts/password/reset/", {"email": alice.email})
        unknown = Client().post("/accounts/password/reset/", {"email": "nobody-here@example.org"})
        assert known.status_code == unknown.status_code == 302
        assert known.url == unknown.url == "/accounts/password/reset/done/"
        assert [message.to for message in mail.outbox] == [[alice.email], ["nobody-here@example.org"]]

    def test_failed_login_answers_alike_for_known_and_unknown_emails(self, alice):
        known = log_in(Client(), alice.email, "wrong password")
        unknown = log_in(Client(), "nobody-here@example.org", "wrong password")
        assert known.status_code == unknown.status_code == 200
        assert BAD_LOGIN in html(known)
        assert BAD_LOGIN in html(unknown)


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


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]
MEMBER_PAGES = ["/accounts/logout/", "/accounts/email/", "/accounts/password/change/"]


def assert_styled(response) -> None:
    assert response.status_code == 200
    page = html(response)
    assert 'class="site-header"' in page
    assert "Conditions A–Z" in page
    assert "css/site.css" in page
    assert "Menu:" not in page
    titles = TITLE.findall(page)
    assert len(titles) == 1
    title = titles[0].strip()
    assert title.endswith("· Diseasemaps")
    assert title != "· Diseasemaps"


class TestStyledPages:
    @pytest.mark.parametrize("url", ANONYMOUS_PAGES)
    def test_entrance_pages_use_the_site_layout(self, client, db, url):
        assert_styled(client.get(url))

    @pytest.mark.parametrize("url", MEMBER_PAGES)
    def test_account_pages_use_the_site_layout(self, alice_client, url):
        assert_styled(alice_client.get(url))

    def test_email_confirmation_and_password_reset_key_pages_use_the_site_layout(self, client, valencia):
        client.post("/accounts/signup/", signup_data())
        assert_styled(client.get(link_in(mail.outbox[0])))
        assert_styled(client.get("/accounts/confirm-email/not-a-key/"))

        user = UserFactory(username="member-0000000000000000", email="ines@example.org")
        verify_email(user)
        client.post("/accounts/password/reset/", {"email": "ines@example.org"})
        response = client.get(link_in(mail.outbox[-1], RESET_LINK), follow=True)
        assert_styled(response)
        assert_styled(client.get("/accounts/password/reset/key/1-bad-key/"))

    def test_member_pages_send_visitors_to_log_in(self, client, db):
        for url in ["/accounts/email/", "/accounts/password/change/"]:
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith("/accounts/login/?next=")


class TestEmailPrivacy:
    @pytest.fixture
    def both_on_the_map(self, alice, bob, condition):
        MembershipFactory(member=alice.profile, condition=condition)
        MembershipFactory(member=bob.profile, condition=condition)

    def test_pages_bob_can_visit_never_show_alices_email(self, bob_client, alice, bob, condition, both_on_the_map):
        for url in ["/", f"/conditions/{condition.slug}/", "/community/profile/", "/accounts/email/"]:
            response = bob_client.get(url)
            assert response.status_code == 200, url
            assert alice.email not in html(response), url
            assert "alice@" not in html(response).casefold(), url

    def test_bob_sees_his_own_email_only_on_his_account_pages(self, bob_client, bob, condition, both_on_the_map):
        assert bob.email in html(bob_client.get("/accounts/email/"))
        for url in ["/", f"/conditions/{condition.slug}/", "/community/profile/"]:
            assert bob.email not in html(bob_client.get(url)), url

    def test_alices_email_appears_only_on_her_own_account_pages(self, alice_client, alice, condition, both_on_the_map):
        assert alice.email in html(alice_client.get("/accounts/email/"))
        for url in ["/", f"/conditions/{condition.slug}/", "/community/profile/", "/accounts/password/change/"]:
            assert alice.email not in html(alice_client.get(url)), url

    def test_visitors_never_see_members_emails(self, client, alice, bob, condition, both_on_the_map):
        for url in ["/", f"/conditions/{condition.slug}/", "/conditions/"]:
            response = client.get(url)
            assert response.status_code == 200, url  # absent text proves nothing on an error page
            page = html(response)
            assert condition.name in page, url
            assert alice.email not in page, url
            assert bob.email not in page, url

    def test_allauth_names_members_by_their_display_name(self, alice, charlie):
        assert user_display(alice) == "Alice in Valencia"
        assert alice.email not in user_display(alice)
        assert user_display(charlie) == "new member"
        assert user_display(User(email="x@example.org")) == "new member"

    def test_adding_another_members_email_does_not_take_it_over(self, alice_client, alice, bob):
        # Enumeration prevention: the email page does not say the address is taken, but it stays bob's.
        response = alice_client.post("/accounts/email/", {"action_add": "", "email": bob.email})
        assert response.status_code == 302
        for message in mail.outbox:
            assert message.to == [bob.email]
            assert alice.email not in message.body
            assert "Alice in Valencia" not in message.body
            match = CONFIRM_LINK.search(message.body)
            if match:
                alice_client.post(match.group(1))
        assert EmailAddress.objects.get(email__iexact=bob.email, verified=True).user == bob
        assert not EmailAddress.objects.filter(user=alice, email__iexact=bob.email, verified=True).exists()
        assert signed_in_user_id(alice_client) == str(alice.pk)


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
