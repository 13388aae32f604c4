"""The questions and answers API follows the pages' rules exactly."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conditions.models import MAX_ANSWER_LENGTH, Answer, AnswerReport, Condition, HelpfulVote
from conditions.roles import Role
from tests.factories import ConditionFactory, MembershipFactory, client_for

pytestmark = pytest.mark.django_db

EVIL = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"


@pytest.fixture
def alice_member(alice, condition):
    MembershipFactory(member=alice.profile, condition=condition, role=Role.CAREGIVER)
    return alice


def answers_url(question) -> str:
    return reverse("api:question-answers", args=[question.pk])


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def answer(alice_member, treatment) -> Answer:
    response = post(client_for(alice_member), answers_url(treatment), {"text": f"**Rest** helped. {EVIL}"})
    assert response.status_code == 201, response.content
    return Answer.objects.get()


class TestReading:
    def test_anyone_reads_questions_with_counts(self, client, answer, condition):
        data = client.get(reverse("api:condition-questions", args=[condition.slug])).json()
        by_kind = {question["kind"]: question for question in data}
        assert by_kind["natural_treatment"]["answer_count"] == 1
        assert by_kind["natural_treatment"]["last_activity"] is not None
        assert by_kind["hereditary"] == {**by_kind["hereditary"], "answer_count": 0, "is_closed": True}

    def test_anyone_reads_answers_sanitised(self, client, bob, answer, treatment):
        data = client.get(answers_url(treatment)).json()
        (item,) = data["results"]
        assert item["author"] is None  # visitors never see names
        (named,) = client_for(bob).get(answers_url(treatment)).json()["results"]
        assert named["author"] == "Alice in Valencia"
        assert item["author_role"] == "caregiver"
        assert item["helpful"] is False
        assert "<strong>Rest</strong>" in item["html"]
        for unsafe in ("<script", "javascript:", "<img"):
            assert unsafe not in item["html"]
        assert not re.search(r"<[^>]*\son\w+=", item["html"])  # no event attribute on any tag
        assert "&lt;img src=x onerror=alert(3)&gt;" in item["html"]  # shown as the text it was
        assert item["text"].startswith("**Rest** helped.")  # the member's own words, as data
        assert "email" not in str(data) and "@example.org" not in str(data)

    def test_unpublished_conditions_and_forged_ids_are_not_found(self, client, answer, treatment):
        assert client.get(reverse("api:question-answers", args=[999_999])).status_code == 404
        Condition.objects.filter(pk=treatment.condition_id).update(is_published=False)
        assert client.get(answers_url(treatment)).status_code == 404
        assert client.get(reverse("api:condition-questions", args=[treatment.condition.slug])).status_code == 404

    def test_hidden_answers_are_in_no_response(self, client, bob, answer, treatment):
        answer.hide()
        assert client.get(answers_url(treatment)).json()["results"] == []
        questions = client.get(reverse("api:condition-questions", args=[treatment.condition.slug])).json()
        assert {q["kind"]: q["answer_count"] for q in questions}["natural_treatment"] == 0
        assert post(client_for(bob), reverse("api:answer-helpful", args=[answer.pk]), {}).status_code == 404
        url = reverse("api:answer-reports", args=[answer.pk])
        assert post(client_for(bob), url, {"reason": "spam"}).status_code == 404


class TestWriting:
    def test_a_member_answers_then_edits_the_same_answer(self, alice_member, answer, treatment):
        response = post(client_for(alice_member), answers_url(treatment), {"text": "Second thoughts."})
        assert response.status_code == 200
        assert response.json()["id"] == answer.pk
        assert Answer.objects.get().text == "Second thoughts."

    def test_members_of_other_conditions_and_visitors_cannot_answer(self, client, bob, treatment):
        MembershipFactory(member=bob.profile, condition=ConditionFactory(name="Elsewhere"))
        response = post(client_for(bob), answers_url(treatment), {"text": "I would like to."})
        assert response.status_code == 403
        assert "Join the Neonatal hemochromatosis community to answer." in response.json()["detail"]
        assert post(client, answers_url(treatment), {"text": "Me too."}).status_code == 403
        assert not Answer.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [
            {"text": ""},
            {"text": "x" * (MAX_ANSWER_LENGTH + 1)},
            {"text": "fine", "author_name": "Someone else"},
            {"text": "fine", "helpful_count": 1000},
            {"text": "fine", "choice": "yes", "is_hidden": False},
        ],
        ids=["empty", "huge", "forged-author", "forged-votes", "forged-hidden"],
    )
    def test_bad_input_is_refused_and_nothing_saved(self, alice_member, treatment, data):
        response = post(client_for(alice_member), answers_url(treatment), data)
        assert response.status_code == 400
        assert not Answer.objects.exists()

    def test_a_closed_question_needs_a_known_choice(self, alice_member, hereditary):
        client = client_for(alice_member)
        assert post(client, answers_url(hereditary), {"text": "It runs in families."}).status_code == 400
        assert post(client, answers_url(hereditary), {"text": "Yes.", "choice": "perhaps"}).status_code == 400
        response = post(client, answers_url(hereditary), {"text": "It runs in families.", "choice": "yes"})
        assert response.status_code == 201
        assert response.json()["choice"] == "yes"

    def test_deleting_ones_answer(self, alice_member, bob, answer, treatment):
        url = reverse("api:my-answer", args=[treatment.pk])
        assert client_for(bob).delete(url).status_code == 404  # bob has none; alice's stays
        assert Answer.objects.exists()
        assert client_for(alice_member).delete(url).status_code == 204
        assert not Answer.objects.exists()

    def test_answering_too_often_is_throttled_with_a_message(self, settings, alice_member, condition):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "answer": (1, 3600)}
        open_questions = condition.questions.exclude(kind__in=["hereditary", "contagious", "cure"])[:2]
        client = client_for(alice_member)
        assert post(client, answers_url(open_questions[0]), {"text": "One."}).status_code == 201
        response = post(client, answers_url(open_questions[1]), {"text": "Two."})
        assert response.status_code == 429
        assert "many answers" in response.json()["detail"]


class TestVotesAndReports:
    def test_helpful_once_and_undo(self, bob, answer, treatment):
        client, url = client_for(bob), reverse("api:answer-helpful", args=[answer.pk])
        assert post(client, url, {}).json()["helpful_count"] == 1
        assert post(client, url, {}).json()["helpful_count"] == 1
        assert client.get(answers_url(treatment)).json()["results"][0]["helpful"] is True
        assert client.delete(url).json()["helpful_count"] == 0
        assert not HelpfulVote.objects.exists()

    def test_no_vote_for_ones_own_answer_or_while_signed_out(self, client, alice_member, answer):
        url = reverse("api:answer-helpful", args=[answer.pk])
        assert post(client_for(alice_member), url, {}).status_code == 403
        assert post(client, url, {}).status_code == 403
        assert not HelpfulVote.objects.exists()

    def test_reports(self, alice_member, bob, answer):
        url = reverse("api:answer-reports", args=[answer.pk])
        assert post(client_for(bob), url, {"reason": "misleading", "note": "Not always."}).status_code == 201
        assert post(client_for(bob), url, {"reason": "spam"}).status_code == 200
        assert post(client_for(bob), url, {"reason": "<script>"}).status_code == 400
        assert post(client_for(bob), url, {"reason": "spam", "note": "x" * 501}).status_code == 400
        assert post(client_for(alice_member), url, {"reason": "spam"}).status_code == 403
        assert list(AnswerReport.objects.values_list("reason", flat=True)) == ["spam"]


def test_the_schema_documents_questions_answers_votes_and_reports(client, db):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in [
        "/api/conditions/{slug}/questions/",
        "/api/questions/{question_id}/answers/",
        "/api/questions/{question_id}/answers/mine/",
        "/api/answers/{answer_id}/helpful/",
        "/api/answers/{answer_id}/reports/",
    ]:
        assert path in paths, path
    assert set(paths["/api/answers/{answer_id}/helpful/"]) == {"post", "delete"}
