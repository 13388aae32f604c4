"""Signing up (django-allauth): the join flow, the sign-up form's checks, and no account enumeration."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from community.members.accounts import user_display as community_user_display
from community.models import Membership, Profile, Role, Visibility
from tests.community.members.helpers import (
    BAD_LOGIN,
    CONFIRM_LINK,
    User,
    html,
    link_in,
    log_in,
    signed_in_user_id,
    signup_data,
)
from tests.factories import make_member, verify_email

pytestmark = pytest.mark.django_db


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
