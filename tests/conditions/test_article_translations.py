"""Articles in several languages: a translation is an article of its own; a language without one
shows the English article, marked lang="en", with a notice; curators add translations in the admin."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from conditions.models import Answer, Article, ArticleStatus, Condition, get_article_or_404
from conditions.standard_questions import QuestionKind
from tests.conditions.admin_helpers import ARTICLES_CHANGELIST, add_inline_row, admin_form_data, run_action
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
NOTICE = re.compile(r'<p class="language-notice" role="note">(.*?)</p>', re.S)
ARTICLE_TEXT = re.compile(r'<div class="article-text" lang="(\w+)">(.*?)</div>', re.S)


@pytest.fixture
def spanish(condition) -> Article:
    """The condition's published Spanish translation, with two sections."""
    article = ArticleFactory(
        condition=condition,
        language="es",
        title="¿Cuáles son las causas de la hemocromatosis neonatal?",
        intro="Lo que los miembros han aprendido sobre el origen de esta enfermedad.",
        conclusion="En resumen, varias causas parecen intervenir.",
    )
    SectionFactory(article=article, position=1, heading="Anticuerpos de la madre")
    SectionFactory(article=article, position=2, heading="Exceso de hierro")
    return article


def localized(path: str, headers: dict) -> str:
    """The page's address in the language these headers ask for (/es/…; English has no prefix)."""
    language = headers.get("HTTP_ACCEPT_LANGUAGE", "en")
    return path if language == "en" else f"/{language}{path}"


def causes_page(client, condition, **headers) -> str:
    response = client.get(localized(reverse("conditions:causes", args=[condition.slug]), headers))
    assert response.status_code == 200
    return response.content.decode()


def condition_page(client, condition, **headers) -> str:
    response = client.get(localized(condition.get_absolute_url(), headers))
    assert response.status_code == 200
    return response.content.decode()


# The public pages


def test_without_a_translation_the_causes_page_shows_the_english_article_marked_and_says_so(client, condition):
    html = causes_page(client, condition, **SPANISH)

    assert '<html lang="es">' in html
    [notice] = NOTICE.findall(html)
    assert "español" in notice  # the language named in the page's language
    [(language, text)] = ARTICLE_TEXT.findall(html)
    assert language == "en"
    assert "What members have learnt about where this condition comes from." in text
    assert '<h1 lang="en">Which are the causes of Neonatal hemochromatosis?</h1>' in html


def test_the_condition_page_summary_falls_back_the_same_way(client, condition):
    html = condition_page(client, condition, **SPANISH)

    [notice] = NOTICE.findall(html)
    assert "español" in notice
    [(language, text)] = ARTICLE_TEXT.findall(html)
    assert language == "en"
    assert "<li>Maternal antibodies</li>" in text


def test_an_english_page_has_no_notice(client, condition):
    for html in (causes_page(client, condition), condition_page(client, condition)):
        assert not NOTICE.findall(html)
        assert [language for language, _text in ARTICLE_TEXT.findall(html)] == ["en"]


def test_a_published_translation_is_shown_in_its_language_without_a_notice(client, condition, spanish):
    html = causes_page(client, condition, **SPANISH)

    assert not NOTICE.findall(html)
    [(language, text)] = ARTICLE_TEXT.findall(html)
    assert language == "es"
    assert "Lo que los miembros han aprendido" in text
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Anticuerpos de la madre", "Exceso de hierro"]
    assert '<h1 lang="es">¿Cuáles son las causas de la hemocromatosis neonatal?</h1>' in html
    summary = condition_page(client, condition, **SPANISH)
    assert "<li>Exceso de hierro</li>" in summary
    assert "Maternal antibodies" not in summary


def test_english_readers_keep_the_english_article_when_a_translation_exists(client, condition, spanish):
    html = causes_page(client, condition)
    assert "Lo que los miembros" not in html
    assert [language for language, _text in ARTICLE_TEXT.findall(html)] == ["en"]


def test_a_language_without_a_translation_falls_back_even_when_another_translation_exists(client, condition, spanish):
    html = causes_page(client, condition, HTTP_ACCEPT_LANGUAGE="de")
    [notice] = NOTICE.findall(html)
    assert "Deutsch" in notice
    assert [language for language, _text in ARTICLE_TEXT.findall(html)] == ["en"]


def test_a_draft_translation_is_for_staff_only(client, curator, condition, spanish):
    spanish.status = ArticleStatus.DRAFT
    spanish.save()
    assert "Lo que los miembros" not in causes_page(client, condition, **SPANISH)

    client.force_login(curator)
    html = causes_page(client, condition, **SPANISH)
    assert "Lo que los miembros" in html
    assert 'class="draft-banner"' in html


def test_a_translation_without_an_english_article_is_404_in_english_and_shown_in_its_language(client, db):
    article = ArticleFactory(language="es", title="¿Cuáles son las causas de X?", intro="Solo en español.")
    url = reverse("conditions:causes", args=[article.condition.slug])
    assert client.get(url).status_code == 404
    assert "Solo en español." in client.get(localized(url, SPANISH)).content.decode()


def test_publishing_a_translation_moves_the_cached_pages(client, curator, condition, spanish):
    spanish.status = ArticleStatus.DRAFT
    spanish.save()
    assert NOTICE.findall(causes_page(client, condition, **SPANISH))  # cached, falling back
    assert NOTICE.findall(condition_page(client, condition, **SPANISH))

    admin = client.__class__()
    admin.force_login(curator)
    run_action(admin, ARTICLES_CHANGELIST, "publish", spanish)

    assert "Lo que los miembros" in causes_page(client, condition, **SPANISH)
    assert "<li>Exceso de hierro</li>" in condition_page(client, condition, **SPANISH)
    assert "Lo que los miembros" not in causes_page(client, condition)  # English stays English


def test_the_contributor_count_of_a_translation_counts_the_answers_behind_the_english_article(
    client, condition, spanish
):
    causes = condition.questions.get(kind=QuestionKind.CAUSES)
    answers = [
        Answer.objects.write(
            causes, UserFactory(username=f"witness{n}"), name=f"W{n}", listed=True, role="patient", text=f"Story {n}."
        )
        for n in range(2)
    ]
    condition.articles.get(language="en").sections.first().informed_by.set(answers)
    spanish.sections.first().informed_by.set(answers[:1])  # the same member, counted once
    Condition.objects.filter(pk=condition.pk).touch()

    html = causes_page(client, condition, **SPANISH)
    assert re.search(r'class="article-sources"><a [^>]*>[^<]*\b2\b', html)


def test_the_causes_page_costs_the_same_in_every_language(client, condition, spanish, django_assert_max_num_queries):
    for position in range(3, 30):
        SectionFactory(article=spanish, position=position)
    # content version, condition, the article in Spanish or English (one query), its sections, and
    # how many members' answers informed it
    for headers in ({}, SPANISH, {"HTTP_ACCEPT_LANGUAGE": "fr"}):
        with django_assert_max_num_queries(5):
            assert (
                client.get(localized(reverse("conditions:causes", args=[condition.slug]), headers)).status_code == 200
            )


def test_the_condition_page_costs_the_same_with_a_fallback(client, condition, django_assert_max_num_queries):
    # as in test_views: content version, condition, article, sections, top questions, literature, map figures
    with django_assert_max_num_queries(9):
        assert client.get(localized(condition.get_absolute_url(), SPANISH)).status_code == 200


# The model and its access helper


def test_one_article_per_condition_and_language(condition, spanish):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(condition=condition, language="es")
    ArticleFactory(condition=condition, language="fr")
    assert sorted(condition.articles.values_list("language", flat=True)) == ["en", "es", "fr"]


def test_the_access_helper_says_when_it_fell_back(condition, spanish, charlie):
    assert not get_article_or_404(condition, charlie, "es").is_fallback
    french = get_article_or_404(condition, charlie, "fr")
    assert french.language == "en"
    assert french.is_fallback
    assert get_article_or_404(condition, charlie, "es-mx").language == "es"  # a variant finds its language
    assert get_article_or_404(condition, charlie, "xx\x00<script>").language == "en"  # garbage is English


def test_each_translation_keeps_its_own_revisions(curator_client, condition, spanish):
    english = condition.articles.get(language="en")
    english_revisions = english.history.count()
    url = reverse("admin:conditions_article_change", args=[spanish.pk])
    data = admin_form_data(curator_client.get(url))
    data["intro"] = "Una introducción reescrita por una curadora."
    assert curator_client.post(url, data).status_code == 302

    assert spanish.history.first().intro == "Una introducción reescrita por una curadora."
    assert english.history.count() == english_revisions
    history = curator_client.get(reverse("admin:conditions_article_history", args=[spanish.pk])).content.decode()
    assert "carol-curator" in history


# The admin


def test_the_article_list_shows_and_filters_by_language(curator_client, condition, spanish):
    listing = curator_client.get(reverse(ARTICLES_CHANGELIST))
    assert '<td class="field-language">Spanish</td>' in listing.content.decode()
    spanish_only = curator_client.get(reverse(ARTICLES_CHANGELIST), {"language__exact": "es"})
    assert list(spanish_only.context["cl"].result_list) == [spanish]


def test_an_article_offers_to_add_its_missing_translations(curator_client, condition, spanish):
    english = condition.articles.get(language="en")
    html = curator_client.get(reverse("admin:conditions_article_change", args=[english.pk])).content.decode()
    add = reverse("admin:conditions_article_add")
    assert f'href="{add}?translation_of={english.pk}&amp;language=fr"' in html
    assert "language=es" not in html  # there is one: linked instead
    assert reverse("admin:conditions_article_change", args=[spanish.pk]) in html


def test_a_curator_adds_a_translation_prefilled_from_the_english_article(curator_client, condition):
    english = condition.articles.get(language="en")
    english_revisions = english.history.count()
    url = reverse("admin:conditions_article_add") + f"?translation_of={english.pk}&language=fr"
    form = curator_client.get(url)
    assert form.status_code == 200
    initial = form.context["adminform"].form.initial
    assert initial["condition"] == condition.pk
    assert initial["language"] == "fr"
    assert initial["title"] == english.title
    assert initial["status"] == ArticleStatus.DRAFT
    sections = next(inline.formset for inline in form.context["inline_admin_formsets"])
    assert [f.initial.get("heading") for f in sections.forms] == [
        "Maternal antibodies",
        "Iron overload",
        "Unknown factors",
    ]

    data = {
        "condition": condition.pk,
        "language": "fr",
        "title": "Quelles sont les causes de l'hémochromatose néonatale ?",
        "intro": "Ce que les membres ont appris.",
        "byline": "l'équipe éditoriale",
        "status": ArticleStatus.DRAFT,
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    add_inline_row(data, "sections", position=1, heading="Anticorps de la mère", body="Texte.")
    add_inline_row(data, "sections", position=2, heading="Iron overload", body="Left as it was.")
    assert curator_client.post(url, data).status_code == 302

    french = condition.articles.get(language="fr")
    assert french.title.startswith("Quelles sont")
    assert french.section_pairs() == [("Anticorps de la mère", "Texte."), ("Iron overload", "Left as it was.")]
    assert set(french.history.values_list("language", flat=True)) == {"fr"}
    assert english.history.count() == english_revisions
    assert condition.articles.get(language="en").title == english.title


def test_a_second_article_in_the_same_language_is_refused(curator_client, condition, spanish):
    url = reverse("admin:conditions_article_add")
    data = {
        "condition": condition.pk,
        "language": "es",
        "title": "Otra",
        "intro": "Otra.",
        "byline": "x",
        "status": ArticleStatus.DRAFT,
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "This condition already has an article in this language." in response.content.decode()
    assert condition.articles.count() == 2


@pytest.mark.parametrize("forged", ["abc", "999999", "x\x00", "<script>", "", "٣"])
def test_a_forged_translation_source_gives_the_plain_add_form(curator_client, condition, forged):
    response = curator_client.get(reverse("admin:conditions_article_add"), {"translation_of": forged, "language": "zz"})
    assert response.status_code == 200
    initial = response.context["adminform"].form.initial
    assert "title" not in initial
    assert "language" not in initial


def test_a_member_cannot_open_the_translation_form(client, alice, condition):
    english = condition.articles.get(language="en")
    url = reverse("admin:conditions_article_add") + f"?translation_of={english.pk}&language=es"
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 302
    assert "Which are the causes" not in response.content.decode()


def test_the_articles_sitemap_lists_each_causes_page_once_per_language_in_a_constant_number_of_queries(
    client, condition, spanish, django_assert_max_num_queries
):
    for number in range(10):
        ArticleFactory(condition=ArticleFactory().condition, language="fr", title=f"Article {number}")
    with django_assert_max_num_queries(3):  # the count, the page of articles, and the section's latest change
        response = client.get("/sitemap-articles.xml")
    xml = response.content.decode()
    languages = len(settings.LANGUAGES)
    assert xml.count("<url>") == Article.objects.filter(language="en").count() * languages
    assert xml.count(f"<loc>http://testserver/es/conditions/{condition.slug}/causes/</loc>") == 1
    spanish.refresh_from_db()
    assert f"<lastmod>{spanish.updated_at:%Y-%m-%d}</lastmod>" in xml
