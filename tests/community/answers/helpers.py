"""What the answers' tests share: the questions' and answers' addresses, reading a question page, answering."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

from conditions.models import Question
from conditions.standard_questions import QuestionKind
from tests.factories import client_for

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


def post_answer(user, question, text="From our family's experience, it ran in my mother's side.", **fields):
    return client_for(user).post(answer_url(question), {"text": text, **fields})
