"""The curator admin's actions: publishing and unpublishing articles and conditions, and deleting questions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conditions.models import ArticleStatus, Condition, Question
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind
from tests.conditions.admin_helpers import (
    ARTICLES_CHANGELIST,
    CONDITIONS_CHANGELIST,
    QUESTIONS_CHANGELIST,
    admin_form_data,
    run_action,
)
from tests.factories import ArticleFactory, ConditionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


# Publish and unpublish actions -----------------------------------------------------------------------------------


def test_publish_action_publishes_a_draft_article(curator_client):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    causes_url = reverse("conditions:causes", args=[article.condition.slug])
    assert article.published_at is None
    assert Client().get(causes_url).status_code == 404

    response = run_action(curator_client, ARTICLES_CHANGELIST, "publish", article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None
    assert Client().get(causes_url).status_code == 200


def test_unpublish_action_moves_an_article_back_to_draft(curator_client, condition):
    article = condition.articles.get(language="en")
    causes_url = reverse("conditions:causes", args=[condition.slug])

    response = run_action(curator_client, ARTICLES_CHANGELIST, "unpublish", article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert Client().get(causes_url).status_code == 404


def test_publish_action_leaves_already_published_articles_alone(curator_client, condition):
    published = condition.articles.get(language="en")
    first_published_at = published.published_at
    draft = ArticleFactory(status=ArticleStatus.DRAFT)

    response = run_action(curator_client, ARTICLES_CHANGELIST, "publish", published, draft)

    assert response.status_code == 302
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.published_at == first_published_at
    assert draft.is_published
    messages = [str(message) for message in curator_client.get(reverse(ARTICLES_CHANGELIST)).context["messages"]]
    assert messages == ["1 article published."]


def test_republishing_an_article_keeps_its_first_publication_date(curator_client, condition):
    article = condition.articles.get(language="en")
    first_published_at = article.published_at

    run_action(curator_client, ARTICLES_CHANGELIST, "unpublish", article)
    run_action(curator_client, ARTICLES_CHANGELIST, "publish", article)

    article.refresh_from_db()
    assert article.is_published
    assert article.published_at == first_published_at


def test_condition_publish_action_makes_a_draft_condition_public(curator_client, draft_condition):
    detail_url = reverse("conditions:detail", args=[draft_condition.slug])
    assert Client().get(detail_url).status_code == 404

    response = run_action(curator_client, CONDITIONS_CHANGELIST, "publish", draft_condition)

    assert response.status_code == 302
    draft_condition.refresh_from_db()
    assert draft_condition.is_published
    assert Client().get(detail_url).status_code == 200


def test_condition_unpublish_action_hides_a_condition_and_its_article(curator_client, condition):
    detail_url = reverse("conditions:detail", args=[condition.slug])
    causes_url = reverse("conditions:causes", args=[condition.slug])

    response = run_action(curator_client, CONDITIONS_CHANGELIST, "unpublish", condition)

    assert response.status_code == 302
    condition.refresh_from_db()
    assert not condition.is_published
    assert Client().get(detail_url).status_code == 404
    assert Client().get(causes_url).status_code == 404


def test_condition_publish_action_reports_how_many_were_published(curator_client, draft_condition):
    other = ConditionFactory(is_published=False)

    response = run_action(curator_client, CONDITIONS_CHANGELIST, "publish", draft_condition, other)

    messages = [str(message) for message in curator_client.get(response["Location"]).context["messages"]]
    assert messages == ["2 conditions published."]
    assert Condition.objects.filter(is_published=False).count() == 0


def test_anonymous_visitor_cannot_run_admin_actions(client, draft_condition):
    response = run_action(client, CONDITIONS_CHANGELIST, "publish", draft_condition)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    draft_condition.refresh_from_db()
    assert not draft_condition.is_published


# Deleting questions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [standard.kind for standard in STANDARD_QUESTIONS])
def test_curator_cannot_delete_a_standard_question(curator_client, condition, kind):
    question = condition.questions.get(kind=kind)
    url = reverse("admin:conditions_question_delete", args=[question.pk])

    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_superuser_cannot_delete_a_standard_question_on_its_own_either(superuser_client, condition):
    # Superusers may delete a whole condition with its questions, but not one standard question.
    question = condition.questions.get(kind=QuestionKind.CAUSES)
    url = reverse("admin:conditions_question_delete", args=[question.pk])

    response = superuser_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert question.text in [str(item) for item in response.context["protected"]]
    assert Question.objects.filter(pk=question.pk).exists()


def test_curator_deletes_a_custom_question(curator_client, condition):
    question = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)
    url = reverse("admin:conditions_question_delete", args=[question.pk])

    assert curator_client.get(url).status_code == 200
    response = curator_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    assert condition.questions.count() == 12


def test_bulk_delete_of_questions_refuses_standard_ones(curator_client, condition):
    custom = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)
    standard = condition.questions.get(kind=QuestionKind.CAUSES)

    response = run_action(curator_client, QUESTIONS_CHANGELIST, "delete_selected", custom, standard)

    assert response.status_code == 200
    assert standard.text in [str(item) for item in response.context["protected"]]
    # Confirming anyway deletes nothing while a standard question is among the selection.
    curator_client.post(
        reverse(QUESTIONS_CHANGELIST),
        {"action": "delete_selected", "_selected_action": [custom.pk, standard.pk], "post": "yes"},
    )
    assert Question.objects.filter(pk__in=[custom.pk, standard.pk]).count() == 2


def test_bulk_delete_of_custom_questions_works(curator_client, condition):
    first = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)
    second = QuestionFactory(condition=condition, kind=QuestionKind.CUSTOM)

    response = curator_client.post(
        reverse(QUESTIONS_CHANGELIST),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Question.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert condition.questions.count() == 12


def test_question_kind_is_read_only_in_the_admin(curator_client, condition):
    question = condition.questions.get(kind=QuestionKind.CAUSES)
    change_url = reverse("admin:conditions_question_change", args=[question.pk])
    data = admin_form_data(curator_client.get(change_url))
    assert "kind" not in data
    data["kind"] = QuestionKind.CUSTOM
    data["text_en"] = "What causes neonatal hemochromatosis?"

    assert curator_client.post(change_url, data).status_code == 302

    question.refresh_from_db()
    assert question.kind == QuestionKind.CAUSES
    assert question.text == "What causes neonatal hemochromatosis?"
