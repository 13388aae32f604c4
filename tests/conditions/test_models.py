"""Conditions, their questions and articles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conditions.models import Article, ArticleStatus, Condition, Question
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind, recognise
from tests.factories import ArticleFactory, ConditionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_new_condition_gets_the_standard_question_set(db):
    condition = Condition.objects.create(name="Wilson disease")
    kinds = set(condition.questions.values_list("kind", flat=True))
    assert kinds == {standard.kind for standard in STANDARD_QUESTIONS}
    texts = set(condition.questions.values_list("text", flat=True))
    assert {
        "Which are the causes of Wilson disease?",
        "Which are the symptoms of Wilson disease?",
        "Which are the first symptoms of Wilson disease?",
        "How is Wilson disease diagnosed?",
        "Which are the best treatments for Wilson disease?",
        "Is there any natural treatment for Wilson disease?",
        "What is the life expectancy of someone with Wilson disease?",
        "Is Wilson disease hereditary?",
        "Is Wilson disease contagious?",
        "Is there a cure for Wilson disease?",
        "Celebrities with Wilson disease",
        "Which are the best doctors/hospitals for Wilson disease?",
    } == texts


def test_saving_a_condition_again_does_not_duplicate_questions(db):
    condition = ConditionFactory()
    condition.description = "Changed."
    condition.save()
    assert condition.add_standard_questions() == []
    assert condition.questions.count() == len(STANDARD_QUESTIONS)


def test_slug_comes_from_the_name_and_synonyms_are_tidied(db):
    condition = Condition.objects.create(name="Sjögren's disease", synonyms="  Sjögren syndrome \n\n SS  \n")
    assert condition.slug == "sjogrens-disease"
    assert condition.synonym_list == ["Sjögren syndrome", "SS"]
    assert condition.search_text == "sjogren's disease | sjogren syndrome | ss"


def test_search_text_follows_a_partial_save(db):
    condition = ConditionFactory(name="Original")
    condition.synonyms = "Fresh synonym"
    condition.save(update_fields=["synonyms"])
    assert Condition.objects.search("fresh").get() == condition


def test_condition_codes_are_validated(db):
    condition = ConditionFactory.build(orpha_code="ORPHA:12", icd10_code="e83")
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert set(error.value.message_dict) == {"orpha_code", "icd10_code"}


def test_condition_names_and_slugs_are_unique(db):
    ConditionFactory(name="Same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Condition.objects.create(name="Same", slug="other-slug")


def test_a_condition_has_one_question_of_each_standard_kind(db):
    condition = ConditionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(condition=condition, kind=QuestionKind.HEREDITARY, text="Hereditary again?", slug="x")


def test_custom_questions_get_unique_slugs(db):
    condition = ConditionFactory()
    first = QuestionFactory(condition=condition, text="Can I swim?")
    second = QuestionFactory(condition=condition, text="Can I swim?")
    assert (first.slug, second.slug) == ("can-i-swim", "can-i-swim-2")
    other = QuestionFactory(text="Can I swim?")
    assert other.slug == "can-i-swim"


def test_publishing_an_article_stamps_it_once(db):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    assert article.published_at is None
    article.publish()
    first = Article.objects.get(pk=article.pk).published_at
    assert first is not None and article.is_published
    article.publish()
    assert Article.objects.get(pk=article.pk).published_at == first


def test_published_articles_need_a_published_condition(db):
    visible = ArticleFactory()
    ArticleFactory(condition=ConditionFactory(is_published=False))
    ArticleFactory(status=ArticleStatus.DRAFT)
    assert list(Article.objects.published()) == [visible]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Is Lupus hereditary?", QuestionKind.HEREDITARY),
        ("is lupus HEREDITARY", QuestionKind.HEREDITARY),
        ("What are the causes of Lupus", QuestionKind.CAUSES),
        ("Celebrities with Lupus", QuestionKind.CELEBRITIES),
        ("Which are the best doctors/hospitals for Lupus?", QuestionKind.BEST_DOCTORS),
        ("Is Lupus genetic?", QuestionKind.HEREDITARY),
        ("Is Lupus painful?", None),
        ("Is Asthma hereditary?", None),
    ],
)
def test_standard_questions_are_recognised_in_other_wordings(text, kind):
    standard = recognise(text, "Lupus")
    assert (standard.kind if standard else None) == kind
