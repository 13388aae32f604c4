"""The account pages: in the site's layout, and keeping members' emails to themselves."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_display
from django.core import mail

from tests.community.members.helpers import (
    CONFIRM_LINK,
    RESET_LINK,
    TITLE,
    User,
    html,
    link_in,
    signed_in_user_id,
    signup_data,
)
from tests.factories import UserFactory, verify_email

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
    def test_pages_bob_can_visit_never_show_alices_email(self, bob_client, alice, bob, condition, members):
        for url in ["/", f"/conditions/{condition.slug}/", "/community/profile/", "/accounts/email/"]:
            response = bob_client.get(url)
            assert response.status_code == 200, url
            assert alice.email not in html(response), url
            assert "alice@" not in html(response).casefold(), url

    def test_bob_sees_his_own_email_only_on_his_account_pages(self, bob_client, bob, condition, members):
        assert bob.email in html(bob_client.get("/accounts/email/"))
        for url in ["/", f"/conditions/{condition.slug}/", "/community/profile/"]:
            assert bob.email not in html(bob_client.get(url)), url

    def test_alices_email_appears_only_on_her_own_account_pages(self, alice_client, alice, condition, members):
        assert alice.email in html(alice_client.get("/accounts/email/"))
        for url in ["/", f"/conditions/{condition.slug}/", "/community/profile/", "/accounts/password/change/"]:
            assert alice.email not in html(alice_client.get(url)), url

    def test_visitors_never_see_members_emails(self, client, alice, bob, condition, members):
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
