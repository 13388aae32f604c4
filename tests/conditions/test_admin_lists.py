"""The curator admin's lists: links to the public pages, search, filters, autocomplete, waiting drafts and
query counts."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conditions.models import Article, ArticleDraft, ArticleStatus, Condition
from tests.conditions.admin_helpers import ARTICLES_CHANGELIST, CONDITIONS_CHANGELIST, action_names, run_action
from tests.factories import ArticleFactory, ConditionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


# View on site ----------------------------------------------------------------------------------------------------


def test_condition_change_form_links_to_the_public_page(curator_client, condition):
    response = curator_client.get(reverse("admin:conditions_condition_change", args=[condition.pk]))
    content_type = ContentType.objects.get_for_model(Condition)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, condition.pk])

    assert response.status_code == 200
    assert f'href="{shortcut}"' in response.content.decode()
    assert 'class="viewsitelink"' in response.content.decode()

    redirect = curator_client.get(shortcut)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(f"/conditions/{condition.slug}/")
    assert curator_client.get(redirect["Location"]).status_code == 200


def test_article_change_form_links_to_the_causes_page(curator_client, condition):
    article = condition.articles.get(language="en")
    content_type = ContentType.objects.get_for_model(Article)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, article.pk])

    response = curator_client.get(reverse("admin:conditions_article_change", args=[article.pk]))
    redirect = curator_client.get(shortcut)

    assert f'href="{shortcut}"' in response.content.decode()
    assert redirect["Location"].endswith(f"/conditions/{condition.slug}/causes/")


# Changelist search and filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["hemocromatosis", "Hemocromatosis neonatal", "GALD", "79452", "P78.8", "neonatal"])
def test_condition_changelist_search_finds_names_synonyms_and_codes(curator_client, condition, draft_condition, query):
    ConditionFactory(name="Wilson disease", synonyms="Hepatolenticular degeneration")

    response = curator_client.get(reverse(CONDITIONS_CHANGELIST), {"q": query})

    assert list(response.context["cl"].result_list) == [condition]


def test_condition_changelist_search_without_match_is_empty(curator_client, condition):
    response = curator_client.get(reverse(CONDITIONS_CHANGELIST), {"q": "xylophone"})

    assert list(response.context["cl"].result_list) == []


def test_condition_changelist_filters_by_published(curator_client, condition, draft_condition):
    changelist = reverse(CONDITIONS_CHANGELIST)

    published = curator_client.get(changelist, {"is_published__exact": "1"})
    unpublished = curator_client.get(changelist, {"is_published__exact": "0"})
    everything = curator_client.get(changelist)

    assert list(published.context["cl"].result_list) == [condition]
    assert list(unpublished.context["cl"].result_list) == [draft_condition]
    assert set(everything.context["cl"].result_list) == {condition, draft_condition}


def test_condition_changelist_filters_by_article_status(curator_client, condition, draft_condition):
    with_draft = ArticleFactory(status=ArticleStatus.DRAFT).condition
    changelist = reverse(CONDITIONS_CHANGELIST)

    published = curator_client.get(changelist, {"articles__status__exact": ArticleStatus.PUBLISHED})
    drafts = curator_client.get(changelist, {"articles__status__exact": ArticleStatus.DRAFT})

    assert list(published.context["cl"].result_list) == [condition]
    assert list(drafts.context["cl"].result_list) == [with_draft]


def test_condition_changelist_shows_article_status_and_question_count(curator_client, condition, draft_condition):
    QuestionFactory(condition=condition)

    response = curator_client.get(reverse(CONDITIONS_CHANGELIST))

    rows = {row.name: row for row in response.context["cl"].result_list}
    model_admin = response.context["cl"].model_admin
    assert model_admin.question_count(rows[condition.name]) == 13
    assert model_admin.question_count(rows[draft_condition.name]) == 12
    assert model_admin.article_status(rows[condition.name]) == "Published"
    assert model_admin.article_status(rows[draft_condition.name]) == "—"


def test_article_changelist_filters_by_status(curator_client, condition):
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    changelist = reverse(ARTICLES_CHANGELIST)

    drafts = curator_client.get(changelist, {"status__exact": ArticleStatus.DRAFT})
    published = curator_client.get(changelist, {"status__exact": ArticleStatus.PUBLISHED})

    assert list(drafts.context["cl"].result_list) == [draft]
    assert list(published.context["cl"].result_list) == [condition.articles.get(language="en")]


def test_article_changelist_search_by_condition_synonym(curator_client, condition):
    ArticleFactory(condition=ConditionFactory(name="Wilson disease"))

    response = curator_client.get(reverse(ARTICLES_CHANGELIST), {"q": "hemocromatosis"})

    assert list(response.context["cl"].result_list) == [condition.articles.get(language="en")]


def test_condition_autocomplete_for_the_article_form_works_for_curators(curator_client, condition):
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"term": "GALD", "app_label": "conditions", "model_name": "article", "field_name": "condition"},
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(condition.pk)]


def test_condition_autocomplete_lists_conditions_by_name(curator_client):
    # Created in reverse alphabetical order, so that id order and name order differ.
    names = [f"Syndrome {letter}" for letter in "ZYXWVUTSRQPONMLKJIHGFEDCBA"]
    for name in names:
        ConditionFactory(name=name)
    params = {"term": "syndrome", "app_label": "conditions", "model_name": "article", "field_name": "condition"}

    first = curator_client.get(reverse("admin:autocomplete"), params).json()
    second = curator_client.get(reverse("admin:autocomplete"), {**params, "page": 2}).json()

    listed = [result["text"] for result in first["results"] + second["results"]]
    assert first["pagination"]["more"]
    assert listed == sorted(names)


def test_a_curator_discards_a_waiting_draft_and_the_public_article_stays(curator_client, client, condition):
    article = condition.articles.get(language="en")
    ArticleDraft.objects.create(article=article, title="A rewrite", intro="New intro.", sections=[["New", "Cause."]])
    listing = curator_client.get(reverse(ARTICLES_CHANGELIST))
    assert "discard_waiting_drafts" in action_names(listing)
    run_action(curator_client, ARTICLES_CHANGELIST, "discard_waiting_drafts", article)
    assert not ArticleDraft.objects.exists()
    article.refresh_from_db()
    assert article.is_published and article.title != "A rewrite"
    assert headings_of(article) == ["Maternal antibodies", "Iron overload", "Unknown factors"]


def test_waiting_drafts_do_not_add_queries_to_the_article_list(curator_client, django_assert_max_num_queries):
    make_conditions(4)
    with CaptureQueriesContext(connection) as few:
        curator_client.get(reverse(ARTICLES_CHANGELIST))
    for article in Article.objects.all():
        ArticleDraft.objects.create(article=article, title="Draft", intro="Intro.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = curator_client.get(reverse(ARTICLES_CHANGELIST)).content.decode()
    assert page.count('<td class="field-draft_waiting">Draft waiting</td>') == Article.objects.count()


def headings_of(article) -> list[str]:
    return list(article.sections.values_list("heading", flat=True))


# Query counts ---------------------------------------------------------------------------------------------------


def make_conditions(count: int) -> None:
    for number in range(count):
        condition = ConditionFactory(name=f"Condition {number:02d}")
        if number % 2:
            ArticleFactory(condition=condition, status=ArticleStatus.DRAFT)


# 1 session, 2 user, 3 user permissions, 4 group permissions, 5 filtered count and 6 total count for the
# paginator, 7 the page of conditions, with their causes article (select_related) and question count (annotation)
# in the same query. Nothing per row: the number must not grow with the number of conditions.
CONDITION_CHANGELIST_MAX_QUERIES = 7
# The same 7 (condition via list_select_related), plus 2 for the date hierarchy: min/max and the distinct days.
ARTICLE_CHANGELIST_MAX_QUERIES = 9


@pytest.mark.parametrize("count", [3, 30])
def test_condition_changelist_query_count_does_not_grow_with_conditions(
    curator_client, django_assert_max_num_queries, count
):
    make_conditions(count)
    url = reverse(CONDITIONS_CHANGELIST)

    with django_assert_max_num_queries(CONDITION_CHANGELIST_MAX_QUERIES):
        response = curator_client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_condition_changelist_uses_the_same_number_of_queries_for_3_and_30_conditions(
    curator_client, django_assert_num_queries
):
    url = reverse(CONDITIONS_CHANGELIST)
    make_conditions(3)
    curator_client.get(url)  # a first request, so that nothing cached per process skews the count
    with CaptureQueriesContext(connection) as few:
        curator_client.get(url)
    Condition.objects.all().delete()
    make_conditions(30)
    with django_assert_num_queries(len(few.captured_queries)):
        response = curator_client.get(url)

    assert len(response.context["cl"].result_list) == 30


@pytest.mark.parametrize("count", [3, 30])
def test_article_changelist_query_count_does_not_grow_with_articles(
    curator_client, django_assert_max_num_queries, count
):
    make_conditions(2 * count)

    with django_assert_max_num_queries(ARTICLE_CHANGELIST_MAX_QUERIES):
        response = curator_client.get(reverse(ARTICLES_CHANGELIST))

    assert len(response.context["cl"].result_list) == count
