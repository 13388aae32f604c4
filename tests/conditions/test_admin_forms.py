"""The curator admin's forms: adding a condition with its questions inline, and editing an article with its sections."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conditions.models import Answer, Article, ArticleStatus, Condition
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind
from tests.conditions.admin_helpers import add_inline_row, admin_form_data, inline_prefixes
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_condition_add_form_has_the_questions_inline(curator_client):
    response = curator_client.get(reverse("admin:conditions_condition_add"))

    assert response.status_code == 200
    assert inline_prefixes(response) == ["questions"]
    assert 'name="questions-TOTAL_FORMS"' in response.content.decode()


def test_curator_adds_a_condition_which_gets_the_standard_questions(curator_client):
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(
        name_en="Alström syndrome",
        slug="alstrom-syndrome",
        synonyms_en="ALMS\nAlstrom-Hallgren syndrome",
        description_en="A rare genetic condition.",
        orpha_code="64",
        icd10_code="E34.8",
    )

    response = curator_client.post(add_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    condition = Condition.objects.get(slug="alstrom-syndrome")
    assert condition.name == "Alström syndrome"
    assert condition.synonym_list == ["ALMS", "Alstrom-Hallgren syndrome"]
    assert not condition.is_published
    kinds = list(condition.questions.values_list("kind", flat=True))
    assert len(kinds) == len(STANDARD_QUESTIONS) == 12
    assert set(kinds) == {standard.kind for standard in STANDARD_QUESTIONS}
    assert QuestionKind.CUSTOM not in kinds
    assert condition.questions.get(kind=QuestionKind.CAUSES).text == "Which are the causes of Alström syndrome?"


def test_curator_adds_a_condition_with_a_custom_question_in_the_inline(curator_client):
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(name_en="Fabry disease", slug="fabry-disease")
    add_inline_row(data, "questions", position=5, text_en="Does Fabry disease hurt?", slug="does-it-hurt")

    response = curator_client.post(add_url, data)

    assert response.status_code == 302
    condition = Condition.objects.get(slug="fabry-disease")
    assert condition.questions.count() == 13
    custom = condition.questions.get(kind=QuestionKind.CUSTOM)
    assert (custom.text, custom.slug, custom.position) == ("Does Fabry disease hurt?", "does-it-hurt", 5)
    assert condition.questions.first() == custom


def test_adding_a_condition_with_an_inline_question_using_a_standard_slug_is_a_form_error(curator_client):
    # The standard questions are created when the condition is saved, after the inline forms were validated,
    # so a new inline question with the slug of a standard question ("causes") must be rejected politely
    # instead of breaking on the (condition, slug) unique constraint.
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(name="Fabry disease", slug="fabry-disease")
    add_inline_row(data, "questions", position=5, text="What causes Fabry disease?", slug="causes")
    curator_client.raise_request_exception = False  # show the server error as a status code

    response = curator_client.post(add_url, data)

    assert response.status_code == 200
    assert response.context["errors"]
    assert not Condition.objects.filter(slug="fabry-disease").exists()


def test_editing_a_condition_with_an_inline_question_using_a_taken_slug_is_a_form_error(curator_client, condition):
    change_url = reverse("admin:conditions_condition_change", args=[condition.pk])
    data = admin_form_data(curator_client.get(change_url))
    add_inline_row(data, "questions", position=5, text="What causes it, really?", slug="causes")

    response = curator_client.post(change_url, data)

    assert response.status_code == 200
    assert response.context["errors"]
    assert condition.questions.count() == 12


def test_condition_inline_rows_cannot_be_deleted(curator_client, condition):
    response = curator_client.get(reverse("admin:conditions_condition_change", args=[condition.pk]))

    (inline,) = response.context["inline_admin_formsets"]
    assert not inline.formset.can_delete
    assert "questions-0-DELETE" not in response.content.decode()


def test_condition_add_form_rejects_a_bad_orpha_code(curator_client):
    add_url = reverse("admin:conditions_condition_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(name="Fabry disease", slug="fabry-disease", orpha_code="ORPHA:324")

    response = curator_client.post(add_url, data)

    assert response.status_code == 200
    assert "orpha_code" in response.context["adminform"].form.errors
    assert not Condition.objects.filter(slug="fabry-disease").exists()


def test_article_change_form_has_the_sections_inline(curator_client, condition):
    response = curator_client.get(
        reverse("admin:conditions_article_change", args=[condition.articles.get(language="en").pk])
    )

    assert response.status_code == 200
    assert inline_prefixes(response) == ["sections"]


def test_curator_edits_an_article_and_adds_a_section(curator_client, curator, condition):
    article = condition.articles.get(language="en")
    assert article.author is None
    change_url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(change_url))
    assert data["sections-TOTAL_FORMS"] == 3
    data["title"] = "What causes neonatal hemochromatosis?"
    add_inline_row(data, "sections", position=0, heading="Genetic factors", body="Rarely, it runs in families.")

    response = curator_client.post(change_url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "What causes neonatal hemochromatosis?"
    assert article.author == curator
    assert list(article.sections.values_list("heading", "position")) == [
        ("Genetic factors", 0),
        ("Maternal antibodies", 1),
        ("Iron overload", 2),
        ("Unknown factors", 3),
    ]
    page = curator_client.get(reverse("conditions:causes", args=[condition.slug])).content.decode()
    assert page.index("Genetic factors") < page.index("Maternal antibodies") < page.index("Unknown factors")


def answer_to(condition, kind: str, text: str, number: int):
    question = condition.questions.get(kind=kind)
    author = UserFactory(username=f"answerer{kind}{number}")
    return Answer.objects.write(question, author, name=f"Answerer {number}", listed=True, role="patient", text=text)


@pytest.fixture
def answers(condition) -> dict[str, list]:
    """Two answers to the causes question and many to the other questions of the condition."""
    causes = [answer_to(condition, QuestionKind.CAUSES, f"Cause story {number}.", number) for number in range(2)]
    others = [
        answer_to(condition, kind, f"Other story {kind} {number}.", number)
        for kind in (QuestionKind.SYMPTOMS, QuestionKind.TREATMENTS, QuestionKind.HEREDITARY)
        for number in range(10)
    ]
    return {"causes": causes, "others": others}


def informed_by_choices(response) -> list[list[int]]:
    """For each section form: the answers offered in "informed by"."""
    formset = next(inline.formset for inline in response.context["inline_admin_formsets"])
    return [[int(value.value) for value, _label in form.fields["informed_by"].choices] for form in formset.forms]


def test_informed_by_offers_only_the_answers_to_the_causes_question(curator_client, condition, answers):
    response = curator_client.get(
        reverse("admin:conditions_article_change", args=[condition.articles.get(language="en").pk])
    )
    causes = sorted(answer.pk for answer in answers["causes"])
    assert [sorted(choices) for choices in informed_by_choices(response)] == [causes] * 4  # 3 sections and a new one
    page = response.content.decode()
    assert "Other story" not in page
    assert 'class="informed-by"' in page  # the compact, scrolling list


def test_a_section_cannot_be_informed_by_an_answer_to_another_question(curator_client, condition, answers):
    article = condition.articles.get(language="en")
    url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(url))
    data["sections-0-informed_by"] = [answers["others"][0].pk]  # forged: not offered
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert not article.sections.filter(informed_by__isnull=False).exists()
    data["sections-0-informed_by"] = [answers["causes"][1].pk]
    assert curator_client.post(url, data).status_code == 302
    assert list(article.sections.get(position=1).informed_by.all()) == [answers["causes"][1]]


def test_the_article_form_queries_do_not_grow_with_answers_or_sections(
    curator_client, condition, django_assert_max_num_queries
):
    article = condition.articles.get(language="en")
    url = reverse("admin:conditions_article_change", args=[article.pk])
    with CaptureQueriesContext(connection) as few:
        curator_client.get(url)
    for number in range(20):
        answer_to(condition, QuestionKind.CAUSES, f"Cause story {number}.", number)
        SectionFactory(article=article, position=10 + number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = curator_client.get(url)
    assert len(informed_by_choices(response)[0]) == 20


def test_curator_removes_a_section_in_the_article_inline(curator_client, condition):
    article = condition.articles.get(language="en")
    change_url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(change_url))
    data["sections-1-DELETE"] = "on"

    response = curator_client.post(change_url, data)

    assert response.status_code == 302
    assert list(article.sections.values_list("heading", flat=True)) == ["Maternal antibodies", "Unknown factors"]


def test_curator_adds_an_article_and_becomes_its_author(curator_client, curator, draft_condition):
    add_url = reverse("admin:conditions_article_add")
    data = admin_form_data(curator_client.get(add_url))
    data.update(
        condition=draft_condition.pk,
        title="Which are the causes of Unreleased syndrome?",
        intro="Nobody knows yet.",
        status=ArticleStatus.DRAFT,
    )
    add_inline_row(data, "sections", position=1, heading="", body="A plain paragraph.")

    response = curator_client.post(add_url, data)

    assert response.status_code == 302
    article = Article.objects.get(condition=draft_condition)
    assert article.author == curator
    assert article.status == ArticleStatus.DRAFT
    assert article.published_at is None
    assert [str(section) for section in article.sections.all()] == ["A plain paragraph."]


def test_saving_an_article_as_published_in_the_form_sets_published_at(curator_client):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    change_url = reverse("admin:conditions_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(change_url))
    data["status"] = ArticleStatus.PUBLISHED

    assert curator_client.post(change_url, data).status_code == 302

    article.refresh_from_db()
    assert article.is_published
    assert article.published_at is not None
