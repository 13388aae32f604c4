"""Who is named where, and what a member learns of others: an author is named only if they chose
`listed`, blocking reveals nothing, whoever reached out to you can be reported, a block hides the
conversation, and lists of people cost the same scraping budget as profiles."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse

from community.models import Membership, Visibility
from community.models.connections import Block, Connection
from community.models.moderation import ModerationReport
from conditions.standard_questions import QuestionKind
from tests.factories import MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db


def member_of(condition, username: str, name: str, place, visibility: str):
    profile = make_member(username, name, place, visibility=visibility)
    MembershipFactory(member=profile, condition=condition)
    return profile


class TestAuthorsAreNamedOnlyIfListed:
    @pytest.mark.parametrize("visibility", [Visibility.COUNTED, Visibility.HIDDEN])
    def test_my_export_does_not_name_the_unlisted_authors_i_voted_for(self, condition, members, valencia, visibility):
        quiet = member_of(condition, "quiet", "QuietAuthor", valencia, visibility)
        question = condition.questions.get(kind=QuestionKind.NATURAL_TREATMENT)
        answer = Membership.objects.get(member=quiet).answer(question, "Long walks by the sea.")
        alice = members[0].user
        answer.mark_helpful(alice)
        response = client_for(alice).get(reverse("community:my_data"))
        (vote,) = json.loads(response.content)["helpful_votes"]
        assert vote["answer_by"] is None
        assert "QuietAuthor" not in response.content.decode()

    def test_my_export_names_a_listed_author_i_voted_for(self, condition, members):
        alice, bob = members
        question = condition.questions.get(kind=QuestionKind.NATURAL_TREATMENT)
        Membership.objects.get(member=bob).answer(question, "Swimming.").mark_helpful(alice.user)
        (vote,) = json.loads(client_for(alice.user).get(reverse("community:my_data")).content)["helpful_votes"]
        assert vote["answer_by"] == "Bob B."

    def test_curators_see_no_unlisted_author_in_the_admin(self, condition, valencia, curator):
        quiet = member_of(condition, "quiet", "QuietAuthor", valencia, Visibility.COUNTED)
        question = condition.questions.get(kind=QuestionKind.CAUSES)
        answer = Membership.objects.get(member=quiet).answer(question, "It came from my mother's side.")
        admin = client_for(curator)
        pages = [
            admin.get(reverse("admin:conditions_answer_changelist")),
            admin.get(reverse("admin:conditions_answer_change", args=[answer.pk])),
            admin.get(reverse("admin:conditions_article_change", args=[condition.articles.get(language="en").pk])),
        ]
        for page in pages:
            assert page.status_code == 200
            assert "QuietAuthor" not in page.content.decode()
            assert "quiet@example.org" not in page.content.decode()
            assert ">quiet<" not in page.content.decode()  # nor the account's internal username
        found = admin.get(reverse("admin:conditions_answer_changelist"), {"q": "QuietAuthor"}).context["cl"]
        assert found.result_count == 0  # searching by a pseudonym cannot confirm an unlisted author

    def test_curators_see_a_listed_author_in_the_admin(self, condition, members, curator):
        question = condition.questions.get(kind=QuestionKind.CAUSES)
        answer = Membership.objects.get(member=members[1]).answer(question, "Nobody knows yet.")
        for url in [
            reverse("admin:conditions_answer_change", args=[answer.pk]),
            reverse("admin:conditions_answer_changelist"),
        ]:
            assert "Bob B." in client_for(curator).get(url).content.decode()


class TestBlockingRevealsNothing:
    def block_page(self, client, public_id):
        return client.post(reverse("community:block", args=[public_id]), follow=True)

    def test_blocking_an_unlisted_member_does_not_name_them(self, condition, members, valencia):
        quiet = member_of(condition, "quiet", "QuietMember", valencia, Visibility.COUNTED)
        response = self.block_page(client_for(members[0].user), quiet.public_id)
        assert response.status_code == 200
        assert "QuietMember" not in response.content.decode()
        assert Block.objects.filter(blocker=members[0], blocked=quiet).exists()

    def test_blocking_answers_alike_for_a_real_and_a_forged_id(self, condition, members, valencia):
        quiet = member_of(condition, "quiet", "QuietMember", valencia, Visibility.HIDDEN)
        client = client_for(members[0].user)
        real = self.block_page(client, quiet.public_id)
        forged = self.block_page(client, uuid.uuid4())
        assert real.status_code == forged.status_code == 200
        assert real.redirect_chain == forged.redirect_chain
        assert [str(m) for m in real.context["messages"]] == [str(m) for m in forged.context["messages"]]

    def test_the_api_answers_alike_for_a_real_and_a_forged_id(self, condition, members, valencia):
        quiet = member_of(condition, "quiet", "QuietMember", valencia, Visibility.HIDDEN)
        client = client_for(members[0].user)
        real = client.post("/api/blocks/", {"member": str(quiet.public_id)}, content_type="application/json")
        forged = client.post("/api/blocks/", {"member": str(uuid.uuid4())}, content_type="application/json")
        assert (real.status_code, real.content) == (forged.status_code, forged.content)
        assert real.status_code == 204
        assert Block.objects.filter(blocker=members[0], blocked=quiet).exists()


class TestReportingWhoeverReachedOut:
    @pytest.mark.parametrize("visibility", [Visibility.COUNTED, Visibility.HIDDEN])
    def test_an_unlisted_member_who_sent_me_a_request_can_be_reported(self, condition, members, valencia, visibility):
        alice = members[0]
        pest = member_of(condition, "pest", "PushyPerson", valencia, visibility)
        Connection.objects.request(pest, alice, "Buy my miracle cure!")
        client = client_for(alice.user)
        url = reverse("community:report_member", args=[pest.public_id])
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "spam", "note": "Selling cures."})
        assert response.status_code == 302
        assert ModerationReport.objects.filter(reporter=alice, reported=pest).exists()
        api = client.post("/api/reports/", {"member": str(pest.public_id), "reason": "spam"}, "application/json")
        assert api.status_code == 201

    def test_an_unlisted_member_i_never_heard_from_cannot_be_reported(self, condition, members, valencia):
        quiet = member_of(condition, "quiet", "QuietMember", valencia, Visibility.COUNTED)
        url = reverse("community:report_member", args=[quiet.public_id])
        assert client_for(members[0].user).get(url).status_code == 404

    def test_an_unlisted_member_i_asked_cannot_be_reported_through_my_own_request(self, condition, members, valencia):
        alice = members[0]
        quiet = member_of(condition, "quiet", "QuietMember", valencia, Visibility.COUNTED)
        Connection.objects.request(alice, quiet, "Hello")  # they are counted: only a forged request could do this
        url = reverse("community:report_member", args=[quiet.public_id])
        assert client_for(alice.user).get(url).status_code == 404


@pytest.fixture
def talking(connected, members) -> Connection:
    alice, bob = members
    connected.send(bob, "A first message from Bob.")
    connected.send(alice, "And a reply from Alice.")
    return connected


class TestBlockHidesTheConversation:
    def test_the_blocked_member_loses_the_conversation_as_if_never_connected(self, talking, members):
        alice, bob = members
        Block.objects.block(alice, bob)
        client = client_for(bob.user)
        inbox = client.get(reverse("community:inbox")).content.decode()
        assert "Alice in Valencia" not in inbox and "And a reply from Alice." not in inbox
        assert client.get(talking.get_absolute_url()).status_code == 404
        sent = client.post(talking.get_absolute_url(), {"body": "Are you there?"})
        forged = client.post(reverse("community:thread", args=[uuid.uuid4()]), {"body": "Are you there?"})
        assert sent.status_code == forged.status_code == 404
        api = client.get(f"/api/connections/{talking.public_id}/messages/")
        forged_api = client.get(f"/api/connections/{uuid.uuid4()}/messages/")
        assert (api.status_code, api.json()) == (forged_api.status_code, forged_api.json())
        assert talking.messages.count() == 2

    def test_the_blocked_members_unread_badge_does_not_count_the_conversation(self, talking, members):
        alice, bob = members
        talking.send(alice, "One more from Alice.")
        Block.objects.block(alice, bob)
        assert client_for(bob.user).get(reverse("community:unread")).json()["unread"] == 0

    def test_unblocking_brings_the_conversation_back(self, talking, members):
        alice, bob = members
        Block.objects.block(alice, bob)
        Block.objects.filter(blocker=alice, blocked=bob).delete()
        assert client_for(bob.user).get(talking.get_absolute_url()).status_code == 200


class TestListsCountAgainstTheScrapingBudget:
    @pytest.fixture
    def crowd(self, condition, members, valencia):
        for number in range(6):
            member_of(condition, f"crowd{number}", f"Crowd member {number}", valencia, Visibility.LISTED)

    def test_the_people_list_stops_once_the_budget_is_spent(self, settings, condition, crowd, members):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "profile_view": (10, 3600)}
        client = client_for(members[0].user)
        url = reverse("condition_people", args=[condition.slug])
        assert client.get(url).status_code == 200  # 7 names shown
        refused = client.get(url)
        assert refused.status_code == 429
        assert "Crowd member" not in refused.content.decode()

    def test_a_places_member_list_stops_once_the_budget_is_spent(self, settings, condition, crowd, members, valencia):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "profile_view": (10, 3600)}
        client = client_for(members[0].user)
        url = f"/api/conditions/{condition.slug}/map/places/{valencia.pk}/members/"
        assert client.get(url).status_code == 200
        refused = client.get(url)
        assert refused.status_code == 429
        assert "Crowd member" not in refused.content.decode()

    def test_profiles_and_lists_share_one_budget(self, settings, condition, crowd, members):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "profile_view": (8, 3600)}
        client = client_for(members[0].user)
        assert client.get(reverse("condition_people", args=[condition.slug])).status_code == 200
        assert client.get(members[1].get_absolute_url()).status_code == 200
        assert client.get(members[1].get_absolute_url()).status_code == 429
