"""Members answer the questions of the conditions they joined: who may, one answer each, bad input, the
chart of a closed question, rate limits, the pages and their cost, and the author's copies."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conditions.models import MAX_ANSWER_LENGTH, Answer, Choice, Condition, HelpfulVote, Question, whole_percentages
from conditions.roles import Role
from conditions.standard_questions import QuestionKind
from conditions.views import ANSWERS_PER_PAGE
from tests.community.answers.helpers import (
    EVIL,
    answer_url,
    answered_names,
    helpful_url,
    page,
    post_answer,
    question_of,
)
from tests.concurrency import run_at_once
from tests.factories import ConditionFactory, MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db


class TestWhoMayAnswer:
    def test_a_member_answers_and_everyone_sees_it_with_pseudonym_role_and_date(
        self, client, reader, alice, alice_on, hereditary
    ):
        response = post_answer(alice, hereditary, choice=Choice.YES)
        answer = Answer.objects.get()
        assert response.status_code == 302
        assert response.url == f"{hereditary.get_absolute_url()}#answer-{answer.pk}"
        html = page(reader, hereditary)
        assert answered_names(html) == ["Alice in Valencia"]
        assert "Family member or friend" in html
        assert f'<time datetime="{answer.created_at.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}"' in html
        assert "it ran in my mother" in html
        assert "1 answer" in html
        visitors = page(client, hereditary)  # visitors never see names (docs/design.md, privacy model)
        assert answered_names(visitors) == ["A member"]
        assert "Alice in Valencia" not in visitors
        assert "Family member or friend" in visitors and "it ran in my mother" in visitors

    def test_a_member_who_chose_not_to_be_named_is_a_member_to_everyone(self, reader, alice, alice_on, treatment):
        profile = alice.profile
        profile.visibility = "counted"
        profile.save()
        post_answer(alice, treatment)
        assert answered_names(page(reader, treatment)) == ["A member"]
        profile.visibility = "listed"
        profile.save()
        assert answered_names(page(reader, treatment)) == ["Alice in Valencia"]

    def test_a_member_of_another_condition_is_invited_to_join_first(self, alice, places, hereditary):
        other = ConditionFactory(name="Another condition")
        MembershipFactory(member=alice.profile, condition=other)
        response = post_answer(alice, hereditary, choice=Choice.YES)
        assert response.status_code == 302
        assert response.url == reverse("community:join", args=[hereditary.condition.slug])
        assert not Answer.objects.exists()
        html = page(client_for(alice), hereditary)
        assert "Join the Neonatal hemochromatosis community to answer" in html
        assert 'name="text"' not in html

    def test_an_anonymous_visitor_cannot_answer(self, client, hereditary):
        response = client.post(answer_url(hereditary), {"text": "I know", "choice": Choice.YES})
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert not Answer.objects.exists()
        html = page(client, hereditary)
        assert 'name="text"' not in html
        assert "Members of its community answer here." in html

    def test_answering_rejects_get(self, alice, alice_on, hereditary):
        assert client_for(alice).get(answer_url(hereditary)).status_code == 405

    def test_an_unpublished_condition_or_forged_question_is_not_found(self, alice, alice_on, hereditary):
        url = reverse("answers:answer", args=[hereditary.condition.slug, "no-such-question"])
        assert client_for(alice).post(url, {"text": "x"}).status_code == 404
        Condition.objects.filter(pk=hereditary.condition_id).update(is_published=False)
        assert post_answer(alice, hereditary, choice=Choice.YES).status_code == 404


class TestOneAnswerEach:
    def test_answering_again_edits_the_same_answer(self, client, alice, alice_on, treatment):
        post_answer(alice, treatment, text="First thoughts.")
        post_answer(alice, treatment, text="Better thoughts, after a year.")
        (answer,) = Answer.objects.all()
        assert answer.text == "Better thoughts, after a year."
        html = page(client, treatment)
        assert "Better thoughts" in html and "First thoughts" not in html

    def test_the_form_shows_ones_own_answer_to_edit_and_delete(self, alice, alice_on, treatment):
        post_answer(alice, treatment, text="What helped us was rest.")
        html = page(client_for(alice), treatment)
        assert "Your answer" in html
        assert re.search(r'<textarea[^>]*name="text"[^>]*>\s*What helped us was rest.</textarea>', html)
        response = client_for(alice).post(reverse("answers:delete", args=[treatment.condition.slug, treatment.slug]))
        assert response.status_code == 302
        assert not Answer.objects.exists()

    def test_nobody_can_delete_someone_elses_answer(self, alice, alice_on, bob, bob_on, treatment):
        post_answer(alice, treatment)
        client_for(bob).post(reverse("answers:delete", args=[treatment.condition.slug, treatment.slug]))
        assert Answer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_answers_make_one(alice, condition, alice_on_the_map, settings):
    # Not the hourly limit's test: on SQLite, tries answered "back in a moment" are counted too.
    settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "answer": (10_000, 3600)}
    treatment = question_of(condition, QuestionKind.NATURAL_TREATMENT)
    results = run_at_once([lambda: post_answer(alice, treatment, text="Same words, sent twice.")] * 20)
    assert all(code == 302 for code in results), results
    assert Answer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_identical_votes_count_once(alice, bob, condition, alice_on_the_map):
    post_answer(alice, question_of(condition, QuestionKind.NATURAL_TREATMENT))
    answer = Answer.objects.get()
    results = run_at_once([lambda: client_for(bob).post(helpful_url(answer), {"helpful": "1"})] * 20)
    assert all(code == 302 for code in results), results
    answer.refresh_from_db()
    assert HelpfulVote.objects.count() == 1
    assert answer.helpful_count == 1


class TestBadInput:
    def test_a_closed_question_needs_a_short_answer(self, alice, alice_on, hereditary):
        response = post_answer(alice, hereditary)
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
        assert not Answer.objects.exists()

    def test_a_forged_choice_is_refused(self, alice, alice_on, hereditary):
        assert post_answer(alice, hereditary, choice="maybe-not").status_code == 400
        assert not Answer.objects.exists()

    def test_an_open_question_ignores_a_choice(self, alice, alice_on, treatment):
        post_answer(alice, treatment, choice=Choice.YES)
        assert Answer.objects.get().choice == ""

    @pytest.mark.parametrize("text", ["", "   \n  "])
    def test_an_empty_answer_is_refused(self, alice, alice_on, treatment, text):
        response = post_answer(alice, treatment, text=text)
        assert response.status_code == 400
        assert not Answer.objects.exists()

    def test_a_huge_answer_is_refused_and_the_old_one_kept(self, alice, alice_on, treatment):
        post_answer(alice, treatment, text="My first answer.")
        response = post_answer(alice, treatment, text="x" * (MAX_ANSWER_LENGTH + 1))
        assert response.status_code == 400
        assert f"at most {MAX_ANSWER_LENGTH:,}".replace(",", "") in response.content.decode().replace(",", "")
        assert Answer.objects.get().text == "My first answer."
        assert "x" * (MAX_ANSWER_LENGTH + 1) in response.content.decode()  # what was typed is not lost

    @pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
    def test_markup_renders_inert(self, client, alice, alice_on, bob, treatment, signed_in):
        post_answer(alice, treatment, text=f"**Rest** helped.\n\n{EVIL}")
        html = page(client_for(bob) if signed_in else client, treatment)
        assert "<strong>Rest</strong> helped." in html
        assert "<script>alert" not in html
        assert "javascript:" not in html
        assert "<img src=x" not in html
        assert not re.search(r"<[^>]+\sonerror=", html)


class TestClosedQuestions:
    @staticmethod
    def answer_with(condition, question, places, choices: list[str]) -> None:
        for number, choice in enumerate(choices):
            role = Role.PATIENT if number else Role.CAREGIVER
            member = make_member(f"voter{number}", f"Voter {number}", places["valencia"])
            MembershipFactory(member=member, condition=condition, role=role)
            post_answer(member.user, question, choice=choice)

    def test_the_chart_shows_the_split_by_choice_and_role(self, client, condition, hereditary, places):
        self.answer_with(condition, hereditary, places, [Choice.YES, Choice.YES, Choice.NO, Choice.YES, Choice.NO])
        html = page(client, hereditary)
        shares = dict(re.findall(r'data-choice="(\w+)">.*?<span class="choice-percent">(\d+)%</span>', html, re.S))
        assert shares == {"yes": "60", "no": "40", "depends": "0", "unknown": "0"}
        assert sum(map(int, shares.values())) == 100
        assert "5 people answered." in html
        assert "<strong>1</strong> caregiver" in html

    def test_below_five_answers_the_chart_gives_counts_not_percentages(self, client, condition, hereditary, places):
        self.answer_with(condition, hereditary, places, [Choice.YES, Choice.YES, Choice.NO, Choice.UNKNOWN])
        html = page(client, hereditary)
        chart = html[html.index('id="choice-chart"') : html.index("</figure>")]
        assert "%" not in chart
        counts = dict(re.findall(r'data-choice="(\w+)">.*?<span class="choice-count">(\d+)</span>', chart, re.S))
        assert counts == {"yes": "2", "no": "1", "depends": "0", "unknown": "1"}
        assert "4 people answered." in html

    @pytest.mark.parametrize(
        "counts", [[1, 1, 1, 0], [2, 1, 0, 0], [1, 1, 1, 1], [7, 0, 0, 0], [1, 2, 3, 4], [333, 333, 334, 0]]
    )
    def test_percentages_always_add_up_to_100(self, counts):
        shares = whole_percentages(counts)
        assert sum(shares) == 100
        assert all(abs(share - count * 100 / sum(counts)) < 1 for share, count in zip(shares, counts, strict=True))

    def test_nobody_answered_means_no_chart(self, client, hereditary):
        assert 'id="choice-chart"' not in page(client, hereditary)


class TestRateLimits:
    def test_too_many_answers_are_refused_with_a_clear_message(self, settings, alice, alice_on, condition):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "answer": (2, 3600)}
        questions = list(condition.questions.exclude(kind__in=["hereditary", "contagious", "cure"])[:3])
        client = client_for(alice)
        for question in questions[:2]:
            assert client.post(answer_url(question), {"text": "An answer."}).status_code == 302
        response = client.post(answer_url(questions[2]), {"text": "One too many."}, follow=True)
        assert "You have written many answers in the last hour." in response.content.decode()
        assert Answer.objects.count() == 2

    def test_too_many_votes_are_refused(self, settings, alice, alice_on, bob, treatment):
        settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "vote": (1, 3600)}
        post_answer(alice, treatment)
        answer = Answer.objects.get()
        client = client_for(bob)
        client.post(helpful_url(answer), {"helpful": "1"})
        response = client.post(helpful_url(answer), {"helpful": "0"}, follow=True)
        assert "You have voted many times in the last hour." in response.content.decode()
        assert HelpfulVote.objects.count() == 1


class TestPages:
    def test_the_question_list_shows_answer_counts_and_last_activity(self, client, alice, alice_on, treatment):
        url = reverse("conditions:questions", args=[treatment.condition.slug])
        assert "1 answer" not in client.get(url).content.decode()
        post_answer(alice, treatment)
        html = client.get(url).content.decode()  # not the cached page from before
        row = re.search(rf'<a href="{re.escape(treatment.get_absolute_url())}">.*?</li>', html, re.S).group(0)
        assert "1 answer" in row
        assert "<time" in row

    def test_a_visitors_cached_question_page_shows_a_new_answer_at_once(self, client, alice, alice_on, treatment):
        assert answered_names(page(client, treatment)) == []
        post_answer(alice, treatment)
        assert answered_names(page(client, treatment)) == ["A member"]

    def test_answers_are_paginated(self, reader, condition, treatment, places):
        add_answers(treatment, 25, places)
        first, second = page(reader, treatment), page(reader, treatment, page=2)
        assert len(answered_names(first)) == 20 and len(answered_names(second)) == 5
        assert not set(answered_names(first)) & set(answered_names(second))
        assert len(answered_names(page(reader, treatment, page="9999"))) == 5  # the last page
        assert len(answered_names(page(reader, treatment, page="<script>"))) == 20

    @pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
    def test_query_count_does_not_grow_with_answers(
        self, bob, treatment, places, signed_in, django_assert_max_num_queries
    ):
        client = client_for(bob) if signed_in else Client()
        counts = {}
        for total in (5, MORE_THAN_THREE_PAGES):
            add_answers(treatment, total - treatment.answers.count(), places)
            counts[total] = queries_for(client, treatment.get_absolute_url())
        assert counts[5] == counts[MORE_THAN_THREE_PAGES], counts
        with django_assert_max_num_queries(QUESTION_PAGE_QUERIES[signed_in]):
            assert client.get(treatment.get_absolute_url()).status_code == 200


# Visitor: the page's version (1), condition, question, answers count and page, choice split (none
# for an open question), other questions (6). Signed in: the session and user (2), the same
# without the version, the viewer's votes on the page, and whether they are a member and answered.
QUESTION_PAGE_QUERIES = {False: 6, True: 9}
MORE_THAN_THREE_PAGES = 3 * ANSWERS_PER_PAGE + 5


def queries_for(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_answers(question, count: int, places) -> None:
    """`count` answers by new members, in bulk."""
    start = Answer.objects.count()
    members = [make_member(f"writer{start + n}", f"Writer {start + n}", places["valencia"]) for n in range(count)]
    Answer.objects.bulk_create(
        Answer(
            question=question,
            author=member.user,
            author_name=member.display_name,
            author_role=Role.PATIENT,
            text=f"Answer number {n}.",
            html=f"<p>Answer number {n}.</p>",
        )
        for n, member in enumerate(members)
    )
    Question.objects.filter(pk=question.pk).touch()


class TestAuthorCopies:
    def test_a_new_pseudonym_shows_on_ones_answers_at_once(self, reader, alice, alice_on, treatment):
        post_answer(alice, treatment)
        assert answered_names(page(reader, treatment)) == ["Alice in Valencia"]
        profile = alice.profile
        profile.display_name = "Alice A."
        profile.save()
        assert answered_names(page(reader, treatment)) == ["Alice A."]

    def test_a_new_role_for_the_condition_shows_on_its_answers_only(self, client, alice, alice_on, treatment, places):
        other = ConditionFactory(name="Second condition")
        MembershipFactory(member=alice.profile, condition=other, role=Role.FAMILY)
        post_answer(alice, treatment)
        post_answer(alice, question_of(other, QuestionKind.NATURAL_TREATMENT))
        alice_on.role = Role.CAREGIVER
        alice_on.save()
        roles = dict(Answer.objects.values_list("question__condition__name", "author_role"))
        assert roles == {"Neonatal hemochromatosis": Role.CAREGIVER, "Second condition": Role.FAMILY}
        assert "Caregiver" in page(client, treatment)
