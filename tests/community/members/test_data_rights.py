"""A member downloads everything about them, and deletes their account leaving nothing behind."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse

from community.models import Membership, Profile
from community.models.connections import Block, Connection
from conditions.models import Answer, AnswerReport, HelpfulVote
from conditions.standard_questions import QuestionKind
from tests.factories import PASSWORD, MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_alice(condition, alice, bob, places):
    """alice with a membership, an answer, a vote, a report, a connection with messages, a block."""
    me, other = alice.profile, bob.profile
    MembershipFactory(member=me, condition=condition)
    MembershipFactory(member=other, condition=condition)
    munich = make_member("muenchner", "Münchner", places["munich"])
    MembershipFactory(member=munich, condition=condition)
    treatment = condition.questions.get(kind=QuestionKind.NATURAL_TREATMENT)
    mine = Membership.objects.get(member=me).answer(treatment, "Rest and patience helped us.")
    theirs = Membership.objects.get(member=other).answer(treatment, "Swimming, twice a week.")
    theirs.mark_helpful(alice)
    mine.mark_helpful(bob)
    AnswerReport.objects.report(theirs, alice, "misleading", "Not for everyone.")
    connection = Connection.objects.request(me, munich, "Hello from Valencia")
    connection.accept(munich)
    connection.send(me, "How are you?")
    connection.send(munich, "Fine, thanks, and you?")
    Block.objects.block(me, other)
    return {"me": me, "bob": other, "munich": munich, "mine": mine, "theirs": theirs, "connection": connection}


class TestExport:
    def test_the_export_holds_everything_about_me_and_nothing_of_others(self, alice, busy_alice):
        response = client_for(alice).get(reverse("community:my_data"))
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"].startswith('attachment; filename="diseasemaps-my-data-')
        data = json.loads(response.content)
        assert data["account"]["email"] == "alice@example.org"
        assert data["profile"]["display_name"] == "Alice in Valencia"
        assert [m["condition"] for m in data["profile"]["memberships"]] == ["Neonatal hemochromatosis"]
        assert [a["text"] for a in data["answers"]] == ["Rest and patience helped us."]
        assert [v["answer_by"] for v in data["helpful_votes"]] == ["Bob B."]
        assert data["reports"][0]["note"] == "Not for everyone."
        (connection,) = data["connections"]
        assert connection["with"] == "Münchner" and connection["asked_by_me"] is True
        assert [m["text"] for m in connection["messages"]] == ["How are you?", "Fine, thanks, and you?"]
        assert data["blocked"] == ["Bob B."]
        text = response.content.decode()
        for other in ("bob@example.org", "muenchner@example.org", "Munich", "München"):
            assert other not in text, other

    def test_the_export_needs_a_sign_in_and_a_get(self, client, alice):
        response = client.get(reverse("community:my_data"))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        assert client_for(alice).post(reverse("community:my_data")).status_code == 405


def points_at(user_id: int, profile_id: int) -> list[str]:
    """Every model field (and session) that still points at the user or their profile."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            target = {user_model: user_id, Profile: profile_id}.get(field.related_model)
            if target is not None and model.objects.filter(**{field.attname: target}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    found += [
        f"session {session.pk}"
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user_id)
    ]
    return found


class TestDeletion:
    def test_a_wrong_password_deletes_nothing(self, alice, busy_alice):
        response = client_for(alice).post(reverse("community:delete_account"), {"password": "guess"})
        assert response.status_code == 400
        assert "This is not your password." in response.content.decode()
        assert get_user_model().objects.filter(pk=alice.pk).exists()

    def test_deleting_leaves_nothing_pointing_at_me_and_keeps_my_answers_anonymised(
        self, client, alice, bob, busy_alice
    ):
        user_id, profile_id = alice.pk, busy_alice["me"].pk
        other_session = client_for(alice)  # signed in elsewhere too
        response = client_for(alice).post(reverse("community:delete_account"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        assert points_at(user_id, profile_id) == []
        kept = Answer.objects.get(pk=busy_alice["mine"].pk)
        assert (kept.author_id, kept.author_name, kept.author_listed) == (None, "a former member", False)
        assert kept.helpful_count == 1  # bob's vote stays
        theirs = Answer.objects.get(pk=busy_alice["theirs"].pk)
        assert theirs.helpful_count == 0  # my vote went with me
        assert not Connection.objects.exists()  # and our conversation, for both of us
        assert other_session.get(reverse("community:profile")).status_code == 302  # signed out everywhere
        page = client_for(bob).get(kept.question.get_absolute_url()).content.decode()
        assert "A member" in page and "Alice in Valencia" not in page

    def test_deleting_my_answers_too(self, alice, busy_alice):
        client_for(alice).post(
            reverse("community:delete_account"), {"password": PASSWORD, "delete_answers": "on", "confirm": "on"}
        )
        assert not Answer.objects.filter(pk=busy_alice["mine"].pk).exists()
        assert HelpfulVote.objects.filter(answer__author__username="bob").count() == 0

    def test_deletion_needs_a_sign_in(self, client):
        response = client.post(reverse("community:delete_account"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
