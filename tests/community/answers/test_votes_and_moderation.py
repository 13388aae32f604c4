"""Others mark answers as helpful or report them; curators hide what should not be shown, order the top
questions and write the causes article from the answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conditions.models import Answer, AnswerReport, Choice, Condition, HelpfulVote, Question
from conditions.standard_questions import QuestionKind
from tests.community.answers.helpers import answered_names, helpful_url, page, post_answer, question_of, report_url
from tests.factories import MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db


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
    fields = {"condition": condition.pk, "text_en": cure.text, "slug": cure.slug, "position": 1}
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
        article = condition.articles.get(language="en")
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
        article = condition.articles.get(language="en")
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
