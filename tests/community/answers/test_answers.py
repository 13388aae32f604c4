"""Members answer the questions of the conditions they joined; others mark answers as helpful or
report them, and curators hide what should not be shown."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from conditions.answers import MAX_ANSWER_LENGTH, Answer, AnswerReport, Choice, HelpfulVote, whole_percentages
from conditions.models import Condition, Question
from conditions.roles import Role
from conditions.standard_questions import QuestionKind
from tests.concurrency import run_at_once
from tests.factories import ConditionFactory, MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db

EVIL = '<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>'


def question_of(condition, kind: QuestionKind) -> Question:
    return condition.questions.get(kind=kind)


def answer_url(question) -> str:
    return reverse("answers:answer", args=[question.condition.slug, question.slug])


def helpful_url(answer) -> str:
    question = answer.question
    return reverse("answers:helpful", args=[question.condition.slug, question.slug, answer.pk])


def report_url(answer) -> str:
    question = answer.question
    return reverse("answers:report", args=[question.condition.slug, question.slug, answer.pk])


def page(client, question, **query) -> str:
    response = client.get(question.get_absolute_url(), query)
    assert response.status_code == 200
    return response.content.decode()


def answered_names(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<p class="answer__byline">\s*<strong>([^<]*)</strong>', html)]


@pytest.fixture
def reader(charlie) -> Client:
    """A signed-in member, who sees the pseudonyms of authors who chose to be named."""
    return client_for(charlie)


@pytest.fixture
def alice_on(condition, alice):
    """alice is a member of the condition, as a family member."""
    return MembershipFactory(member=alice.profile, condition=condition, role=Role.FAMILY)


@pytest.fixture
def bob_on(condition, bob):
    return MembershipFactory(member=bob.profile, condition=condition)


def post_answer(user, question, text="From our family's experience, it ran in my mother's side.", **fields):
    return client_for(user).post(answer_url(question), {"text": text, **fields})


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
def test_concurrent_identical_answers_make_one(alice, condition):
    MembershipFactory(member=alice.profile, condition=condition)
    treatment = question_of(condition, QuestionKind.NATURAL_TREATMENT)
    results = run_at_once([lambda: post_answer(alice, treatment, text="Same words, sent twice.")] * 20)
    assert all(code == 302 for code in results), results
    assert Answer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_identical_votes_count_once(alice, bob, condition):
    MembershipFactory(member=alice.profile, condition=condition)
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


class TestHelpful:
    @pytest.fixture
    def answer(self, alice, alice_on, treatment):
        post_answer(alice, treatment)
        return Answer.objects.get()

    def test_a_member_marks_an_answer_helpful_once_and_can_undo(self, bob, answer):
        client = client_for(bob)
        client.post(helpful_url(answer), {"helpful": "1"})
        client.post(helpful_url(answer), {"helpful": "1"})
        answer.refresh_from_db()
        assert answer.helpful_count == 1
        assert "1 person found this helpful" in page(client, answer.question)
        assert 'aria-pressed="true"' in page(client, answer.question)
        client.post(helpful_url(answer), {"helpful": "0"})
        answer.refresh_from_db()
        assert answer.helpful_count == 0
        assert not HelpfulVote.objects.exists()

    def test_an_author_cannot_vote_for_their_own_answer(self, alice, answer):
        response = client_for(alice).post(helpful_url(answer), {"helpful": "1"}, follow=True)
        assert "You cannot mark your own answer as helpful." in response.content.decode()
        assert not HelpfulVote.objects.exists()

    def test_visitors_cannot_vote(self, client, answer):
        response = client.post(helpful_url(answer), {"helpful": "1"})
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        assert not HelpfulVote.objects.exists()

    def test_a_forged_answer_id_is_not_found(self, bob, answer):
        question = answer.question
        url = reverse("answers:helpful", args=[question.condition.slug, question.slug, answer.pk + 999])
        assert client_for(bob).post(url, {"helpful": "1"}).status_code == 404

    def test_answers_sort_by_helpfulness_then_date(self, reader, condition, treatment, places, answer):
        later = make_member("later", "Later Writer", places["valencia"])
        MembershipFactory(member=later, condition=condition)
        post_answer(later.user, treatment, text="A newer answer.")
        assert answered_names(page(reader, treatment)) == ["Later Writer", "Alice in Valencia"]
        voter = make_member("voter", "Voter", places["valencia"])
        client_for(voter.user).post(helpful_url(answer), {"helpful": "1"})
        assert answered_names(page(reader, treatment)) == ["Alice in Valencia", "Later Writer"]


class TestReportsAndHiding:
    @pytest.fixture
    def answer(self, alice, alice_on, hereditary):
        post_answer(alice, hereditary, choice=Choice.YES)
        return Answer.objects.get()

    def test_a_member_reports_an_answer_once(self, bob, answer):
        client = client_for(bob)
        assert client.get(report_url(answer)).status_code == 200
        client.post(report_url(answer), {"reason": "misleading", "note": "It is not always inherited."})
        client.post(report_url(answer), {"reason": "offensive"})
        (report,) = AnswerReport.objects.all()
        assert report.reason == "offensive"
        assert report.reporter == bob

    def test_a_report_needs_a_known_reason(self, bob, answer):
        response = client_for(bob).post(report_url(answer), {"reason": "<script>"})
        assert response.status_code == 200
        assert "Select a valid choice." in response.content.decode()
        assert not AnswerReport.objects.exists()

    def test_an_author_cannot_report_their_own_answer(self, alice, answer):
        assert client_for(alice).get(report_url(answer)).status_code == 403

    def test_a_hidden_answer_counts_nowhere(self, client, reader, bob, answer, hereditary):
        assert "1 person answered." in page(client, hereditary)
        answer.hide()
        html = page(client, hereditary)
        assert answered_names(html) == []
        assert 'id="choice-chart"' not in html
        assert "0 answers" in html
        questions = client.get(reverse("conditions:questions", args=[hereditary.condition.slug])).content.decode()
        assert "Alice in Valencia" not in questions
        assert client_for(bob).post(helpful_url(answer), {"helpful": "1"}).status_code == 404
        assert client_for(bob).get(report_url(answer)).status_code == 404
        answer.restore()
        assert answered_names(page(reader, hereditary)) == ["Alice in Valencia"]


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
        for total in (5, 500):
            add_answers(treatment, total - treatment.answers.count(), places)
            counts[total] = queries_for(client, treatment.get_absolute_url())
        assert counts[5] == counts[500], counts
        with django_assert_max_num_queries(QUESTION_PAGE_QUERIES[signed_in]):
            assert client.get(treatment.get_absolute_url()).status_code == 200


# Visitor: the page's version (1), condition, question, answers count and page, choice split (none
# for an open question), other questions (6). Signed in: the session and user (2), the same
# without the version, the viewer's votes on the page, and whether they are a member and answered.
QUESTION_PAGE_QUERIES = {False: 6, True: 9}


def queries_for(client, url) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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


class TestCuratorsModerate:
    @pytest.fixture
    def reported(self, alice, alice_on, bob, treatment):
        post_answer(alice, treatment)
        answer = Answer.objects.get()
        AnswerReport.objects.report(answer, bob, "offensive")
        return answer

    def test_a_curator_sees_open_reports_and_hides_the_answer(self, reader, curator, reported, treatment):
        admin = client_for(curator)
        listing = admin.get("/admin/conditions/answer/?reported=open").content.decode()
        assert "Alice in Valencia" in listing
        response = admin.post(
            "/admin/conditions/answer/", {"action": "hide_answers", "_selected_action": [reported.pk]}, follow=True
        )
        assert "1 answer hidden." in response.content.decode()
        reported.refresh_from_db()
        assert reported.is_hidden
        assert AnswerReport.objects.open().count() == 0
        assert answered_names(page(reader, treatment)) == []
        admin.post("/admin/conditions/answer/", {"action": "restore_answers", "_selected_action": [reported.pk]})
        assert answered_names(page(reader, treatment)) == ["Alice in Valencia"]

    def test_curators_neither_write_nor_delete_answers(self, curator, reported):
        admin = client_for(curator)
        assert admin.get("/admin/conditions/answer/add/").status_code == 403
        assert admin.get(f"/admin/conditions/answer/{reported.pk}/delete/").status_code == 403
        assert admin.get(f"/admin/conditions/answer/{reported.pk}/change/").status_code == 200


def test_top_questions_follow_the_curators_order_not_the_latest_answer(client, curator, condition, alice, alice_on):
    standard = [question.text for question in condition.top_questions()]
    celebrities = question_of(condition, QuestionKind.CELEBRITIES)
    cure = question_of(condition, QuestionKind.CURE)
    assert cure.text not in standard  # past the first five
    client.get(condition.get_absolute_url())  # cached
    post_answer(alice, celebrities, text="A singer spoke about it on the radio.")
    post_answer(alice, cure, text="Not yet, as far as we were told.", choice=Choice.NO)
    assert [question.text for question in Condition.objects.get(pk=condition.pk).top_questions()] == standard
    html = client.get(condition.get_absolute_url()).content.decode()
    assert cure.text not in html.split('id="questions-heading"')[1].split("</ul>")[0]
    # A curator puts the cure question first in the admin.
    fields = {"condition": condition.pk, "text": cure.text, "slug": cure.slug, "position": 1}
    assert client_for(curator).post(f"/admin/conditions/question/{cure.pk}/change/", fields).status_code == 302
    top = [question.text for question in Condition.objects.get(pk=condition.pk).top_questions()]
    assert top == [cure.text, *standard[:4]]
    html = client.get(condition.get_absolute_url()).content.decode()  # the cached page moved on too
    assert html.index(cure.text) < html.index(standard[0])


def test_activity_only_orders_questions_the_curator_placed_alike(condition, alice, alice_on):
    first, second = (
        Question.objects.create(condition=condition, text=text, position=1)
        for text in ["Which diet helped you?", "How do you explain it to friends?"]
    )
    post_answer(alice, second, text="We say it is a liver condition from birth.")
    top = [question.text for question in Condition.objects.get(pk=condition.pk).top_questions()]
    assert top[:2] == [second.text, first.text]  # same place: the latest answered first
    assert len(top) == 5


class TestArticlesFromAnswers:
    @pytest.fixture
    def causes_answers(self, condition, places):
        causes = question_of(condition, QuestionKind.CAUSES)
        answers = []
        for number in range(3):
            member = make_member(f"witness{number}", f"Witness {number}", places["valencia"])
            MembershipFactory(member=member, condition=condition)
            post_answer(member.user, causes, text=f"In our case, cause number {number} was mentioned.")
            answers.append(Answer.objects.get(author=member.user))
        return answers

    def test_a_curator_sees_the_causes_answers_and_marks_which_informed_a_section(
        self, client, curator, condition, causes_answers
    ):
        article = condition.causes_article
        section = article.sections.first()
        admin = client_for(curator)
        url = reverse("admin:conditions_article_change", args=[article.pk])
        form = admin.get(url).content.decode()
        assert "In our case, cause number 0 was mentioned." in form  # the members' answers, to write from
        assert f'value="{causes_answers[0].pk}"' in form  # and to tick in each section
        section.informed_by.set(causes_answers[:2])
        Condition.objects.filter(pk=condition.pk).touch()
        html = client.get(article.get_absolute_url()).content.decode()
        assert "According to 2 people who have experience in Neonatal hemochromatosis" in html
        assert reverse("conditions:question", args=[condition.slug, "causes"]) in html
        causes_answers[0].hide()
        html = client.get(article.get_absolute_url()).content.decode()
        assert "According to 1 person who has experience in Neonatal hemochromatosis" in html

    def test_revisions_record_who_changed_what_and_the_last_review_shows(self, client, curator, condition):
        article = condition.causes_article
        admin = client_for(curator)
        admin.post(
            "/admin/conditions/article/",
            {"action": "mark_reviewed", "_selected_action": [article.pk]},
        )
        article.refresh_from_db()
        assert article.reviewed_at is not None
        article.title = "What causes Neonatal hemochromatosis, according to members"
        article._history_user = curator
        article.save()
        latest = article.history.first()
        assert latest.history_user == curator
        delta = latest.diff_against(latest.prev_record)
        assert "title" in delta.changed_fields
        history = admin.get(reverse("admin:conditions_article_history", args=[article.pk])).content.decode()
        assert "What causes Neonatal hemochromatosis, according to members" in history
        assert "last reviewed" in client.get(article.get_absolute_url()).content.decode()
        section = article.sections.first()
        section.body = "A rewritten cause, after what members told us."
        section.save()
        article.record_sections()  # what the admin does after saving the sections
        latest = article.history.first()
        assert latest.diff_against(latest.prev_record).changed_fields == ["sections_text"]
        assert "A rewritten cause, after what members told us." in latest.sections_text


def test_curators_see_the_open_reports_listed(curator, alice, alice_on, bob, condition):
    post_answer(alice, question_of(condition, QuestionKind.NATURAL_TREATMENT), text="<b>Bold</b> claim.")
    AnswerReport.objects.report(Answer.objects.get(), bob, "misleading", "Please check <script>this</script>.")
    listing = client_for(curator).get("/admin/conditions/answerreport/?open=yes").content.decode()
    assert "Misleading or dangerous health information" in listing
    assert "Please check &lt;script&gt;this&lt;/script&gt;." in listing
    assert "<script>this" not in listing
    assert client_for(curator).get("/admin/conditions/answerreport/?open=no").status_code == 200


@pytest.mark.parametrize("name", ["answers:delete", "answers:helpful"])
def test_changing_views_reject_get_and_require_login(client, alice, alice_on, treatment, name):
    post_answer(alice, treatment)
    answer = Answer.objects.get()
    args = [treatment.condition.slug, treatment.slug] + ([answer.pk] if name == "answers:helpful" else [])
    url = reverse(name, args=args)
    assert client_for(alice).get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_reporting_requires_login(client, alice, alice_on, treatment):
    post_answer(alice, treatment)
    response = client.get(report_url(Answer.objects.get()))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
