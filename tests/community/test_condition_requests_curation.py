"""Curators handle condition requests in the admin: they approve one (a new published condition with
its standard questions, or merged into an existing condition as a synonym) or decline it with a
reason; everyone who asked is emailed and sees the outcome on their profile, and nobody else's."""

from __future__ import annotations

import pytest
from django.core import mail

from community.models import ConditionRequest, RequestStatus
from conditions.models import Condition
from conditions.standard_questions import STANDARD_QUESTIONS
from tests.commits import commit_after_each_request, queued, run_queued  # noqa: F401 (fixtures)
from tests.community.condition_request_helpers import ADMIN_LIST_URL, PROFILE_URL, admin_change_url, ask, decide
from tests.factories import ConditionFactory, client_for
from tests.mailers import FAILING, WORKING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_after_each_request")]


@pytest.fixture
def kabuki(alice, bob) -> ConditionRequest:
    """alice and bob asked for Kabuki syndrome, alice with its code and a note."""
    ask(client_for(alice), "Kabuki syndrome", "ORPHA:2322", "Diagnosed in 2019, <b>no</b> one knows it here.")
    ask(client_for(bob), "kabuki syndrome", note="Bob's private note")
    return ConditionRequest.objects.get()


@pytest.fixture
def kept_tasks(request) -> list:
    """The tasks enqueued and not run (tests/commits.py's `queued`); run them with run_queued."""
    return request.getfixturevalue("queued")


def emails_to(user) -> list:
    return [email for email in mail.outbox if email.to == [user.email]]


class TestTheAdminList:
    def test_curators_see_each_request_with_the_number_of_people_asking(self, curator, kabuki, charlie):
        ask(client_for(charlie), "Alagille syndrome")
        html = client_for(curator).get(ADMIN_LIST_URL).content.decode()
        row = html[html.index("Kabuki syndrome") :].split("</tr>")[0]
        assert "ORPHA:2322" in row
        assert '<td class="field-people_asking">2</td>' in row
        assert "Waiting for a curator" in row
        assert "Alagille syndrome" in html

    def test_curators_search_and_filter_requests(self, curator, kabuki, charlie):
        ask(client_for(charlie), "Alagille syndrome")
        ConditionRequest.objects.get(name="Alagille syndrome").decline(curator, "Already there as ALGS.")
        client = client_for(curator)
        found = client.get(ADMIN_LIST_URL, {"q": "alagille"}).content.decode()
        assert "Alagille syndrome" in found and "Kabuki syndrome" not in found
        open_ones = client.get(ADMIN_LIST_URL, {"status__exact": "open"}).content.decode()
        assert "Kabuki syndrome" in open_ones and "Alagille syndrome" not in open_ones

    def test_the_request_page_shows_notes_escaped_and_nobody_who_asked(self, curator, kabuki, alice, bob):
        html = client_for(curator).get(admin_change_url(kabuki)).content.decode()
        assert "Diagnosed in 2019, &lt;b&gt;no&lt;/b&gt; one knows it here." in html
        assert "Bob&#x27;s private note" in html
        for private in (alice.email, bob.email, alice.profile.display_name, bob.profile.display_name):
            assert private not in html

    def test_members_cannot_reach_the_requests_in_the_admin(self, alice, kabuki):
        for url in (ADMIN_LIST_URL, admin_change_url(kabuki)):
            response = client_for(alice).get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
        decide(client_for(alice), kabuki, "decline", reason="Forged")
        kabuki.refresh_from_db()
        assert kabuki.status == RequestStatus.OPEN


class TestApproving:
    def test_approving_creates_a_published_condition_and_tells_everyone_who_asked(self, curator, kabuki, alice, bob):
        response = decide(client_for(curator), kabuki, "create")
        assert response.status_code == 302
        condition = Condition.objects.get(name="Kabuki syndrome")
        assert condition.is_published
        assert condition.orpha_code == "2322"
        assert condition.questions.count() == len(STANDARD_QUESTIONS)
        assert client_for(alice).get(condition.get_absolute_url()).status_code == 200
        kabuki.refresh_from_db()
        assert (kabuki.status, kabuki.condition) == (RequestStatus.APPROVED, condition)
        for member in (alice, bob):
            (email,) = emails_to(member)
            assert "Kabuki syndrome" in email.subject
            assert f"http://testserver{condition.get_absolute_url()}" in email.body
            html = client_for(member).get(PROFILE_URL).content.decode()
            assert "Your request for Kabuki syndrome: approved" in html
            assert f'<a href="{condition.get_absolute_url()}">see its map</a>' in html
        assert len(mail.outbox) == 2

    def test_no_email_names_or_addresses_another_member(self, curator, kabuki, alice, bob):
        decide(client_for(curator), kabuki, "create")
        (email,) = emails_to(alice)
        for private in (bob.email, bob.profile.display_name, "Bob's private note"):
            assert private not in email.body and private not in email.subject
        assert alice.profile.display_name not in emails_to(bob)[0].body

    def test_a_name_or_slug_taken_by_a_draft_is_kept_unique(self, curator, alice, draft_condition):
        ConditionFactory(name="Other", slug="kabuki-syndrome", is_published=False)
        ask(client_for(alice), draft_condition.name)
        ask(client_for(alice), "Kabuki syndrome")
        for request in ConditionRequest.objects.all():
            assert decide(client_for(curator), request, "create").status_code == 302
        names = set(Condition.objects.published().values_list("name", "slug"))
        assert ("Unreleased syndrome (2)", "unreleased-syndrome-2") in names
        assert ("Kabuki syndrome", "kabuki-syndrome-2") in names

    def test_merging_adds_the_name_as_a_synonym_of_the_chosen_condition(self, curator, kabuki, alice, condition):
        assert decide(client_for(curator), kabuki, "merge", merge_into=condition).status_code == 302
        condition.refresh_from_db()
        assert condition.synonym_list == ["Hemocromatosis neonatal", "GALD", "Kabuki syndrome"]
        assert condition.orpha_code == "79452"  # its own code is kept
        assert not Condition.objects.filter(name="Kabuki syndrome").exists()
        kabuki.refresh_from_db()
        assert (kabuki.status, kabuki.condition) == (RequestStatus.APPROVED, condition)
        assert f"http://testserver{condition.get_absolute_url()}" in emails_to(alice)[0].body
        assert "Your request for Kabuki syndrome: approved" in client_for(alice).get(PROFILE_URL).content.decode()

    def test_merging_a_name_the_condition_has_adds_nothing(self, curator, alice, condition):
        ConditionRequest.objects.ask(alice, "gald  ")
        decide(client_for(curator), ConditionRequest.objects.get(), "merge", merge_into=condition)
        condition.refresh_from_db()
        assert condition.synonym_list == ["Hemocromatosis neonatal", "GALD"]

    def test_merging_needs_a_published_condition(self, curator, kabuki, draft_condition):
        for target in (draft_condition, None):
            response = decide(client_for(curator), kabuki, "merge", merge_into=target)
            assert response.status_code == 200
            assert "Choose the published condition to merge this request into." in response.content.decode()
        response = client_for(curator).post(
            admin_change_url(kabuki), {"decision": "merge", "condition": "999999", "_save": "Save"}
        )
        assert response.status_code == 200
        kabuki.refresh_from_db()
        assert kabuki.status == RequestStatus.OPEN
        assert mail.outbox == []

    def test_a_decided_request_is_not_decided_again(self, curator, kabuki):
        decide(client_for(curator), kabuki, "create")
        response = decide(client_for(curator), kabuki, "decline", reason="Changed my mind")
        kabuki.refresh_from_db()
        assert kabuki.status == RequestStatus.APPROVED
        assert response.status_code in (200, 302, 403)
        assert len(mail.outbox) == 2  # the approval's, once each


class TestDeclining:
    def test_declining_with_a_reason_tells_everyone_who_asked(self, curator, kabuki, alice, bob):
        reason = "Kabuki syndrome is listed as <i>Kabuki make-up syndrome</i>: join it there."
        assert decide(client_for(curator), kabuki, "decline", reason=reason).status_code == 302
        kabuki.refresh_from_db()
        assert (kabuki.status, kabuki.decline_reason) == (RequestStatus.DECLINED, reason)
        assert not Condition.objects.filter(name="Kabuki syndrome").exists()
        for member in (alice, bob):
            (email,) = emails_to(member)
            assert reason in email.body
            html = client_for(member).get(PROFILE_URL).content.decode()
            assert "Your request for Kabuki syndrome: declined" in html
            assert "listed as &lt;i&gt;Kabuki make-up syndrome&lt;/i&gt;: join it there." in html

    def test_declining_without_a_reason_is_refused(self, curator, kabuki):
        response = decide(client_for(curator), kabuki, "decline", reason="   ")
        assert response.status_code == 200
        assert "Tell the members why their request is declined." in response.content.decode()
        kabuki.refresh_from_db()
        assert kabuki.status == RequestStatus.OPEN
        assert mail.outbox == []


class TestWhatMembersSee:
    def test_a_member_sees_only_their_own_requests(self, kabuki, charlie, stranger):
        for user in (charlie, stranger.user):
            html = client_for(user).get(PROFILE_URL).content.decode()
            assert "Kabuki syndrome" not in html

    def test_emails_are_sent_by_the_worker_after_the_decision_and_retried(self, settings, curator, kabuki, kept_tasks):
        settings.EMAIL_BACKEND = FAILING[0]
        decide(client_for(curator), kabuki, "create")
        assert mail.outbox == []
        assert run_queued(kept_tasks) == ["retrying", "retrying"]
        settings.EMAIL_BACKEND = WORKING
        assert run_queued(kept_tasks) == ["sent", "sent"]
        assert run_queued(kept_tasks) == []
        assert len(mail.outbox) == 2

    def test_a_member_who_left_before_the_email_gets_none(self, curator, kabuki, bob, kept_tasks):
        decide(client_for(curator), kabuki, "create")
        bob.delete()
        assert sorted(run_queued(kept_tasks)) == ["gone", "sent"]
        assert len(mail.outbox) == 1


def test_approving_a_name_a_condition_took_meanwhile_asks_to_merge(curator, alice):
    ConditionRequest.objects.ask(alice, "Kabuki syndrome")
    kabuki = ConditionFactory(name="Kabuki Syndrome")  # imported from the catalogue after alice asked
    response = decide(client_for(curator), ConditionRequest.objects.get(), "create")
    assert "Kabuki Syndrome has this name already: merge the request into it." in response.content.decode()
    assert Condition.objects.filter(name__istartswith="Kabuki").get() == kabuki
    assert ConditionRequest.objects.get().status == RequestStatus.OPEN


def test_a_decided_request_is_shown_to_curators_with_its_outcome(curator, kabuki):
    kabuki.decline(curator, "Not a condition of its own.")
    html = client_for(curator).get(admin_change_url(kabuki)).content.decode()
    assert "Not a condition of its own." in html
    assert 'name="decision"' not in html
