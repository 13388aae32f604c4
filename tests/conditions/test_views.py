"""Public pages: what a visitor sees, what stays hidden, and what each page costs."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from community.models import MapTotals
from conditions.models import ArticleStatus, Condition
from tests.community.answers.helpers import post_answer
from tests.factories import ArticleFactory, ConditionFactory, QuestionFactory, SectionFactory

pytestmark = pytest.mark.django_db


def json_ld_blocks(response) -> list[dict]:
    html = response.content.decode()
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html)]


class TestHome:
    def test_home_shows_search_totals_and_active_conditions(self, client, condition):
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="search"' in html
        assert condition.name in html
        assert response.context["totals"] == {"conditions": 1, "articles": 1, "questions": 12, "people": 0}

    def test_home_leaves_out_unpublished_conditions(self, client, condition, draft_condition):
        response = client.get("/")
        assert draft_condition.name not in response.content.decode()
        assert response.context["totals"]["conditions"] == 1

    def test_home_cost_does_not_grow_with_conditions(self, client, django_assert_max_num_queries):
        ConditionFactory.create_batch(20)
        # The site's totals row is made once, if a test that empties the tables (live_server) ran before.
        MapTotals.objects.get_or_create(pk=1)
        # its version (2), the most active conditions, 3 counts (conditions, articles, questions), people
        with django_assert_max_num_queries(7):
            assert client.get("/").status_code == 200
        with django_assert_max_num_queries(2):  # cached for visitors: its version only
            assert client.get("/").status_code == 200

    def test_home_rejects_post(self, client, db):
        assert client.post("/").status_code == 405


class TestIndex:
    """Searching the index; its pages by letter are in test_index_letters.py."""

    def test_a_misspelt_query_says_nothing_contains_it_and_shows_close_names(self, client, condition):
        html = client.get("/conditions/", {"q": "hemocromatosys"}).content.decode()
        assert "No name contains “hemocromatosys”. These are close to it:" in html
        assert ">Neonatal hemochromatosis</a>" in html

    def test_results_and_no_results_offer_to_ask_for_a_missing_condition(self, client, condition):
        for query in ("neonatal", "Kabuki syndrome"):
            html = client.get("/conditions/", {"q": query}).content.decode()
            assert "Ask for its map" in html
            assert f'href="/community/conditions/request/?name={query.replace(" ", "%20")}"' in html

    @pytest.mark.parametrize("query", ["Hemocromatosis", "hemocromatosis", "HEMOCROMATOSIS", "hémocromatosis", "GALD"])
    def test_search_finds_a_condition_through_a_synonym_ignoring_case_and_accents(self, client, condition, query):
        ConditionFactory(name="Wilson disease")
        response = client.get("/conditions/", {"q": query})
        names = [c.name for c in response.context["conditions"]]
        assert names == ["Neonatal hemochromatosis"]
        assert "1 condition matches" in response.content.decode()

    def test_search_matches_every_word_in_any_order(self, client, condition):
        response = client.get("/conditions/", {"q": "hemochromatosis neonatal"})
        assert response.context["total"] == 1

    def test_search_with_no_match_says_so_and_escapes_the_query(self, client, condition):
        response = client.get("/conditions/", {"q": "<script>alert(1)</script>"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "No condition matches" in html
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_huge_query_is_cut_not_an_error(self, client, condition):
        response = client.get("/conditions/", {"q": "hemo" + "x" * 100_000})
        assert response.status_code == 200
        assert len(response.context["query"]) == 100

    def test_search_never_shows_unpublished_conditions_to_the_public(self, client, draft_condition):
        response = client.get("/conditions/", {"q": "unreleased"})
        assert response.context["total"] == 0
        assert draft_condition.name not in response.content.decode()

    def test_search_shows_staff_unpublished_conditions_marked_draft(self, client, curator, draft_condition):
        client.force_login(curator)
        html = client.get("/conditions/", {"q": "unreleased"}).content.decode()
        assert draft_condition.name in html and ">draft<" in html

    def test_an_answer_leaves_the_cached_index(self, condition, treatment, alice, alice_on_the_map):
        version = Condition.objects.index_version()
        assert post_answer(alice, treatment).status_code == 302
        assert Condition.objects.index_version() == version


class TestConditionPage:
    def test_condition_page_mirrors_the_reference_layout(self, client, condition):
        response = client.get(condition.get_absolute_url())
        html = response.content.decode()
        assert "Which are the causes of Neonatal hemochromatosis?" in html
        assert "according to people who have experience in Neonatal hemochromatosis" in html
        assert "Top questions" in html
        assert "View more questions of Neonatal hemochromatosis" in html
        assert "World map of Neonatal hemochromatosis" in html
        assert "There are 0 people in the map." in html
        assert "Join the Neonatal hemochromatosis community" in html
        assert reverse("conditions:causes", args=[condition.slug]) in html
        for heading in ["Maternal antibodies", "Iron overload", "Unknown factors"]:
            assert heading in html

    def test_top_questions_are_the_first_five_but_not_causes(self, client, condition):
        questions = client.get(condition.get_absolute_url()).context["top_questions"]()
        assert [q.slug for q in questions] == [
            "life-expectancy",
            "celebrities",
            "hereditary",
            "contagious",
            "natural-treatment",
        ]

    def test_condition_page_has_title_description_canonical_and_medical_condition_data(self, client, condition):
        response = client.get(condition.get_absolute_url() + "?utm_source=x")
        html = response.content.decode()
        assert "<title>Neonatal hemochromatosis: causes, questions and world map · Diseasemaps</title>" in html
        assert '<meta name="description" content="A condition made up for the tests.">' in html
        assert '<link rel="canonical" href="http://testserver/conditions/neonatal-hemochromatosis/">' in html
        medical = next(block for block in json_ld_blocks(response) if block["@type"] == "MedicalCondition")
        assert medical["name"] == "Neonatal hemochromatosis"
        assert medical["alternateName"] == ["Hemocromatosis neonatal", "GALD"]
        assert {"@type": "MedicalCode", "codingSystem": "ICD-10", "codeValue": "P78.8"} in medical["code"]

    def test_json_ld_cannot_be_broken_out_of(self, client, db):
        evil = ConditionFactory(name="Evil </script><script>alert(1)</script>", slug="evil")
        html = client.get(evil.get_absolute_url()).content.decode()
        assert "</script><script>alert(1)" not in html
        assert "\\u003C/script\\u003E" in html

    def test_condition_without_article_says_it_is_being_written(self, client, db):
        bare = ConditionFactory(name="Bare condition")
        response = client.get(bare.get_absolute_url())
        assert response.status_code == 200
        assert "There is no article on the causes of Bare condition yet" in response.content.decode()

    def test_draft_article_is_left_out_of_the_public_condition_page(self, client, condition):
        article = condition.articles.get(language="en")
        article.status = ArticleStatus.DRAFT
        article.save()
        html = client.get(condition.get_absolute_url()).content.decode()
        assert "Maternal antibodies" not in html
        assert "There is no article on the causes of" in html

    def test_unpublished_condition_is_404_for_the_public_and_members(self, client, alice, draft_condition):
        assert client.get(draft_condition.get_absolute_url()).status_code == 404
        client.force_login(alice)
        assert client.get(draft_condition.get_absolute_url()).status_code == 404

    def test_staff_preview_unpublished_condition_with_a_draft_banner(self, client, curator, draft_condition):
        client.force_login(curator)
        response = client.get(draft_condition.get_absolute_url())
        assert response.status_code == 200
        assert "This condition is not published" in response.content.decode()

    def test_unknown_condition_gets_the_styled_404(self, client, db):
        response = client.get("/conditions/no-such-thing/")
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()

    def test_condition_page_cost_does_not_grow_with_sections_or_questions(
        self, client, condition, django_assert_max_num_queries
    ):
        for position in range(4, 30):
            SectionFactory(article=condition.articles.get(language="en"), position=position)
        QuestionFactory.create_batch(20, condition=condition)
        # content version (page cache miss), condition, article, its sections, top questions, the
        # literature's phenotypes, the map's figures by place, by role and by age (cached per version)
        with django_assert_max_num_queries(9):
            assert client.get(condition.get_absolute_url()).status_code == 200

    def test_user_text_is_escaped(self, client, db):
        nasty = ConditionFactory(
            name="Nasty <b>bold</b>",
            slug="nasty",
            synonyms="<img src=x onerror=alert(1)>",
            description="<script>alert('d')</script>",
        )
        article = ArticleFactory(condition=nasty, intro="<iframe src=evil>")
        SectionFactory(article=article, heading="<em>h</em>", body="<script>alert('s')</script>")
        for url in [nasty.get_absolute_url(), reverse("conditions:causes", args=["nasty"])]:
            response = client.get(url)
            assert response.status_code == 200, url  # absent text proves nothing on an error page
            html = response.content.decode()
            assert "Nasty &lt;b&gt;bold&lt;/b&gt;" in html  # shown, as text
            for raw in ["<b>bold</b>", "<img src=x", "<script>alert(", "<iframe", "<em>h</em>"]:
                assert raw not in html, f"{raw} unescaped on {url}"


class TestCausesArticle:
    def test_article_shows_title_note_byline_sections_and_conclusion(self, client, condition):
        response = client.get(reverse("conditions:causes", args=[condition.slug]))
        html = response.content.decode()
        assert '<h1 lang="en">Which are the causes of Neonatal hemochromatosis?</h1>' in html
        assert "according to people who have experience in Neonatal hemochromatosis" in html
        assert "by the Diseasemaps editorial team" in html
        headings = re.findall(r"<h2>(.*?)</h2>", html)
        assert headings == ["Maternal antibodies", "Iron overload", "Unknown factors"]
        assert "In short, several causes seem to play a part." in html

    def test_draft_article_is_404_not_403_for_public_and_members(self, client, alice, db):
        draft = ArticleFactory(status=ArticleStatus.DRAFT)
        url = reverse("conditions:causes", args=[draft.condition.slug])
        assert client.get(url).status_code == 404
        client.force_login(alice)
        assert client.get(url).status_code == 404

    def test_staff_preview_draft_article_with_banner(self, client, curator, db):
        draft = ArticleFactory(status=ArticleStatus.DRAFT)
        client.force_login(curator)
        response = client.get(reverse("conditions:causes", args=[draft.condition.slug]))
        assert response.status_code == 200
        assert "This article is a draft" in response.content.decode()

    def test_published_article_of_unpublished_condition_stays_hidden(self, client, db):
        article = ArticleFactory(condition=ConditionFactory(is_published=False))
        assert client.get(reverse("conditions:causes", args=[article.condition.slug])).status_code == 404

    def test_condition_without_article_has_no_causes_page(self, client, db):
        bare = ConditionFactory()
        assert client.get(reverse("conditions:causes", args=[bare.slug])).status_code == 404

    def test_article_cost_does_not_grow_with_sections(self, client, condition, django_assert_max_num_queries):
        for position in range(4, 40):
            SectionFactory(article=condition.articles.get(language="en"), position=position)
        # content version, condition, article, sections, and how many members' answers informed it
        with django_assert_max_num_queries(5):
            assert client.get(reverse("conditions:causes", args=[condition.slug])).status_code == 200


class TestQuestions:
    def test_questions_page_lists_every_question(self, client, condition):
        QuestionFactory(condition=condition, text="Can you travel with it?")
        html = client.get(reverse("conditions:questions", args=[condition.slug])).content.decode()
        assert html.count('<li><a href="/conditions/neonatal-hemochromatosis/questions/') == 13
        assert "Can you travel with it?" in html

    def test_question_page_says_there_are_no_answers_yet(self, client, condition):
        response = client.get(reverse("conditions:question", args=[condition.slug, "hereditary"]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Is Neonatal hemochromatosis hereditary?</h1>" in html
        assert "There are no answers yet." in html

    def test_causes_question_links_to_the_article(self, client, condition):
        html = client.get(reverse("conditions:question", args=[condition.slug, "causes"])).content.decode()
        assert reverse("conditions:causes", args=[condition.slug]) in html

    def test_question_of_another_condition_is_404(self, client, condition):
        other = ConditionFactory(name="Other condition")
        custom = QuestionFactory(condition=other)
        assert client.get(reverse("conditions:question", args=[condition.slug, custom.slug])).status_code == 404

    def test_questions_of_unpublished_condition_are_404(self, client, draft_condition):
        assert client.get(reverse("conditions:questions", args=[draft_condition.slug])).status_code == 404
        url = reverse("conditions:question", args=[draft_condition.slug, "hereditary"])
        assert client.get(url).status_code == 404

    def test_question_pages_cost_does_not_grow_with_questions(self, client, condition, django_assert_max_num_queries):
        QuestionFactory.create_batch(30, condition=condition)
        with django_assert_max_num_queries(3):  # content version, condition, questions
            client.get(reverse("conditions:questions", args=[condition.slug]))
        # content version, condition, question, answers counted, how members chose (a closed
        # question), other questions; no page of answers to read while there are none.
        with django_assert_max_num_queries(6):
            client.get(reverse("conditions:question", args=[condition.slug, "cure"]))


class TestSiteFiles:
    def test_robots_txt_points_to_the_sitemap(self, client, db):
        assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()

    def test_healthz_answers_ok(self, client, db):
        response = client.get("/healthz")
        assert response.status_code == 200 and response.content == b"ok"


def test_every_page_uses_the_condition_access_helper(client, draft_condition):
    """No public URL under an unpublished condition leaks that it exists."""
    slug = draft_condition.slug
    for url in [f"/conditions/{slug}/", f"/conditions/{slug}/causes/", f"/conditions/{slug}/questions/"]:
        assert client.get(url).status_code == 404, url
    assert Condition.objects.filter(slug=slug).exists()


def test_favicon_ico_redirects_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
