"""The A–Z index, a page per letter: what a visitor sees on it, what it costs, and forged addresses."""

from __future__ import annotations

import html as markup
import re

import pytest
from django.core.cache import cache

from community.models import Visibility
from conditions.models import ArticleStatus, Condition, ConditionQuerySet
from tests.factories import ArticleFactory, ConditionFactory, MembershipFactory, ProfileFactory, client_for

pytestmark = pytest.mark.django_db

INDEX = "/conditions/"


def names_on(response) -> list[str]:
    """The conditions a page lists, as a visitor reads them (a page from the cache has no context)."""
    assert response.status_code == 200
    html = response.content.decode()
    listed = re.search(r'<ul class="condition-list[^"]*">(.*?)</ul>', html, re.DOTALL)
    names = re.findall(r'<li>\s*<a href="/conditions/[^"]+/">(.*?)</a>', listed.group(1)) if listed else []
    return [markup.unescape(name) for name in names]


def letter_link(html: str, letter: str) -> re.Match | None:
    """The letter navigation's link to `letter` (its parameter, as in ?letter=w)."""
    return re.search(rf'<a href="\?letter={re.escape(letter)}"[^>]*>(.*?)</a>', html, re.DOTALL)


def letter_names(count: int, letter: str = "W") -> list[str]:
    return [f"{letter}estcondition {number:03d}" for number in range(count)]


@pytest.fixture
def page_size(monkeypatch):
    """Pages of three conditions, to page through a letter with a handful."""
    monkeypatch.setattr("conditions.index.CONDITIONS_PER_PAGE", 3)
    return 3


class TestLetterNavigation:
    def test_every_letter_shows_its_count_and_only_letters_with_conditions_are_links(self, client, condition):
        for name in ["Alport syndrome", "Ataxia telangiectasia", "Érdheim–Chester disease", "3-M syndrome"]:
            ConditionFactory(name=name)
        html = client.get(INDEX).content.decode()

        nav = html[html.index('aria-label="Letters"') :]
        nav = nav[: nav.index("</nav>")]
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ#":
            assert f">{letter}<" in nav, letter
        assert re.search(r">\s*2\s*<", letter_link(nav, "a").group(1))
        assert re.search(r">\s*1\s*<", letter_link(nav, "e").group(1))
        assert re.search(r">\s*1\s*<", letter_link(nav, "n").group(1))
        assert re.search(r">\s*1\s*<", letter_link(nav, "%23").group(1))
        assert letter_link(nav, "b") is None and letter_link(nav, "z") is None

    def test_the_index_without_a_letter_opens_at_the_first_letter_with_conditions(self, client, db):
        for name in ["Cystic fibrosis", "Behçet disease", "Batten disease"]:
            ConditionFactory(name=name)
        response = client.get(INDEX)
        assert response.status_code == 200
        assert names_on(response) == ["Batten disease", "Behçet disease"]
        assert re.search(r'<a href="\?letter=b"[^>]*aria-current="page"', response.content.decode())

    def test_an_empty_catalogue_says_so(self, client, db):
        response = client.get(INDEX)
        assert response.status_code == 200
        assert "No condition has been published yet." in response.content.decode()


class TestLetterPage:
    def test_a_letter_lists_its_conditions_in_name_order_and_nothing_else(self, client, condition):
        for name in ["Wolman disease", "Wilson disease", "Alport syndrome", "Weaver syndrome"]:
            ConditionFactory(name=name)
        response = client.get(INDEX, {"letter": "w"})
        assert names_on(response) == ["Weaver syndrome", "Wilson disease", "Wolman disease"]
        html = response.content.decode()
        assert '<a href="/conditions/wilson-disease/">Wilson disease</a>' in html
        assert "Alport syndrome" not in html
        assert re.search(r'<a href="\?letter=w"[^>]*aria-current="page"', html)
        assert re.search(r"<h2[^>]*>\s*W\s*</h2>", html)

    def test_names_are_in_order_whatever_their_case(self, client, db):
        for name in ["WHIM syndrome", "Waardenburg syndrome", "WAGR syndrome", "Wolman disease"]:
            ConditionFactory(name=name)
        assert names_on(client.get(INDEX, {"letter": "w"})) == [
            "Waardenburg syndrome",
            "WAGR syndrome",
            "WHIM syndrome",
            "Wolman disease",
        ]

    def test_the_letter_is_the_same_in_either_case(self, client, condition):
        assert names_on(client.get(INDEX, {"letter": "N"})) == names_on(client.get(INDEX, {"letter": "n"}))
        assert names_on(client.get(INDEX, {"letter": "N"})) == ["Neonatal hemochromatosis"]

    def test_accented_names_are_filed_under_their_plain_letter(self, client, db):
        for name in ["Érdheim–Chester disease", "Ehlers-Danlos syndrome", "Øresund fever", "Łódź syndrome"]:
            ConditionFactory(name=name)
        assert names_on(client.get(INDEX, {"letter": "e"})) == ["Ehlers-Danlos syndrome", "Érdheim–Chester disease"]
        assert names_on(client.get(INDEX, {"letter": "o"})) == ["Øresund fever"]
        assert names_on(client.get(INDEX, {"letter": "l"})) == ["Łódź syndrome"]

    def test_digits_signs_and_other_scripts_are_filed_under_hash(self, client, db):
        for name in ["3-M syndrome", "(Pseudo)hypoaldosteronism", "α-Mannosidosis", "Alpha-mannosidosis"]:
            ConditionFactory(name=name)
        response = client.get(INDEX, {"letter": "#"})
        assert names_on(response) == ["(Pseudo)hypoaldosteronism", "3-M syndrome", "α-Mannosidosis"]
        assert "3 conditions start with a digit, a sign or a letter of another alphabet." in response.content.decode()

    def test_a_renamed_condition_moves_to_its_new_letter(self, client, db):
        renamed = ConditionFactory(name="Morbus Wilson")
        renamed.name = "Wilson disease"
        renamed.save(update_fields=["name"])
        assert names_on(client.get(INDEX, {"letter": "w"})) == ["Wilson disease"]
        assert names_on(client.get(INDEX, {"letter": "m"})) == []

    def test_a_letter_without_conditions_says_so(self, client, condition):
        response = client.get(INDEX, {"letter": "q"})
        assert response.status_code == 200
        assert "No condition starts with Q yet." in response.content.decode()

    def test_each_row_shows_the_people_on_its_map_as_the_condition_page_does(self, client, condition, members):
        hidden = ProfileFactory(visibility=Visibility.HIDDEN)
        MembershipFactory(member=hidden, condition=condition)  # on no figure
        ConditionFactory(name="Nobody syndrome")
        html = client.get(INDEX, {"letter": "n"}).content.decode()
        page = client.get(condition.get_absolute_url()).content.decode()

        assert "There are 2 people in the map." in page
        row = html[html.index(">Neonatal hemochromatosis</a>") :]
        assert re.search(r"2 people on the map", row[: row.index("</li>")])
        row = html[html.index(">Nobody syndrome</a>") :]
        assert re.search(r"0 people on the map", row[: row.index("</li>")])

    def test_conditions_with_a_published_causes_article_are_marked_in_words(self, client, condition):
        ArticleFactory(condition=ConditionFactory(name="Norrie disease"), status=ArticleStatus.DRAFT)
        ConditionFactory(name="Nail-patella syndrome")
        html = client.get(INDEX, {"letter": "n"}).content.decode()
        rows = {name: html[html.index(f">{name}</a>") :].split("</li>")[0] for name in ["Neonatal hemochromatosis"]}
        rows |= {name: html[html.index(f">{name}</a>") :].split("</li>")[0] for name in ["Norrie disease"]}
        rows |= {name: html[html.index(f">{name}</a>") :].split("</li>")[0] for name in ["Nail-patella syndrome"]}
        assert "Causes article" in rows["Neonatal hemochromatosis"]
        assert "Causes article" not in rows["Norrie disease"]
        assert "Causes article" not in rows["Nail-patella syndrome"]

    def test_visitors_never_see_or_count_unpublished_conditions(self, client, condition, draft_condition):
        html = client.get(INDEX).content.decode()
        assert letter_link(html, "u") is None
        response = client.get(INDEX, {"letter": "u"})
        assert names_on(response) == []
        assert draft_condition.name not in response.content.decode()

    def test_staff_see_unpublished_conditions_marked_draft(self, curator, draft_condition):
        response = client_for(curator).get(INDEX, {"letter": "u"})
        html = response.content.decode()
        assert names_on(response) == ["Unreleased syndrome"] and ">draft<" in html
        assert letter_link(html, "u")

    def test_the_page_has_an_address_of_its_own_for_search_engines(self, client, condition):
        html = client.get(INDEX, {"letter": "n"}).content.decode()
        assert '<link rel="canonical" href="http://testserver/conditions/?letter=n">' in html
        assert "<title>Conditions starting with N" in html


class TestPagination:
    def test_a_big_letter_is_paged_by_a_hundred(self, client, db):
        for name in letter_names(101):
            ConditionFactory(name=name)
        first = client.get(INDEX, {"letter": "w"})
        assert names_on(first) == letter_names(100)
        second = client.get(INDEX, {"letter": "w", "page": "2"})
        assert names_on(second) == letter_names(101)[100:]

    def test_pages_are_linked_in_a_labelled_nav_with_the_current_one_marked(self, client, db, page_size):
        for name in letter_names(7):
            ConditionFactory(name=name)
        html = client.get(INDEX, {"letter": "w", "page": "2"}).content.decode()
        nav = html[html.index('<nav class="pagination') :]
        nav = nav[: nav.index("</nav>")]
        assert 'aria-label="Pages of W"' in nav
        assert '<a href="?letter=w" rel="prev">' in nav
        assert '<a href="?letter=w&amp;page=3" rel="next">' in nav
        assert re.search(r'<a href="\?letter=w&amp;page=2" aria-current="page"[^>]*>\s*2\s*</a>', nav)
        assert "Page 2 of 3" in html

    def test_the_last_page_lists_the_rest(self, client, db, page_size):
        for name in letter_names(7):
            ConditionFactory(name=name)
        assert names_on(client.get(INDEX, {"letter": "w", "page": "3"})) == letter_names(7)[6:]

    def test_an_empty_page_number_is_the_first_page(self, client, db, page_size):
        for name in letter_names(7):
            ConditionFactory(name=name)
        assert names_on(client.get(INDEX, {"letter": "w", "page": ""})) == letter_names(3)

    @pytest.mark.parametrize("number", ["4", "99999999999999", "0", "-1", "two", "1.5", "²", " 2"])
    def test_a_page_that_does_not_exist_is_a_clear_404(self, client, db, page_size, number):
        for name in letter_names(7):
            ConditionFactory(name=name)
        response = client.get(INDEX, {"letter": "w", "page": number})
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()

    @pytest.mark.parametrize("letter", ["<script>", "ÿÿ", "ÿ", "ww", "é", "%", "1", "<"])
    def test_a_forged_letter_is_a_clear_404(self, client, condition, letter):
        response = client.get(INDEX, {"letter": letter})
        assert response.status_code == 404
        assert "<script>" not in response.content.decode()


class TestCost:
    @pytest.mark.parametrize("count", [5, 60])
    def test_a_letter_page_costs_the_same_whatever_the_number_of_conditions(
        self, client, django_assert_max_num_queries, count
    ):
        for index, name in enumerate(letter_names(count)):
            condition = ConditionFactory(name=name)
            if index % 2:
                ArticleFactory(condition=condition)
        # the index's version, the letters' counts, the page of conditions with their article marks
        with django_assert_max_num_queries(3):
            response = client.get(INDEX, {"letter": "w"})
        assert len(names_on(response)) == count
        with django_assert_max_num_queries(1):  # cached for visitors: its version only
            assert client.get(INDEX, {"letter": "w"}).status_code == 200

    @pytest.mark.parametrize("count", [5, 60])
    def test_search_results_cost_the_same_whatever_the_number_of_matches(
        self, client, django_assert_max_num_queries, count
    ):
        for index, name in enumerate(letter_names(count)):
            condition = ConditionFactory(name=name)
            if index % 2:
                ArticleFactory(condition=condition)
        # the index version, whether any name contains the query (else close names), the count, the page
        with django_assert_max_num_queries(4):
            response = client.get(INDEX, {"q": "westcondition"})
        assert len(names_on(response)) == count

    def test_forged_addresses_never_fill_the_cache(self, client, condition, monkeypatch, page_size):
        stored = []
        real_set = cache.set

        def set_and_note(key, *args, **kwargs):
            stored.append(key)
            return real_set(key, *args, **kwargs)

        monkeypatch.setattr(cache, "set", set_and_note)
        client.get(INDEX, {"letter": "n"})
        client.get(INDEX, {"letter": "N"})
        pages = [key for key in stored if key.startswith("page:")]
        assert len(pages) == 1
        for forged in [{"letter": "<script>"}, {"letter": "ÿÿ"}, {"letter": "n", "page": "99999999999999"}]:
            for _ in range(2):
                assert client.get(INDEX, forged).status_code == 404
        for number in range(2, 50):
            client.get(INDEX, {"letter": "n", "page": str(number)})
        assert [key for key in stored if key.startswith("page:")] == pages


class TestTheCachedPagesFollowWhatTheyShow:
    def test_people_joining_a_map(self, client, condition, alice):
        assert "0 people on the map" in client.get(INDEX, {"letter": "n"}).content.decode()
        MembershipFactory(member=alice.profile, condition=condition)
        assert "1 person on the map" in client.get(INDEX, {"letter": "n"}).content.decode()

    def test_a_causes_article_published(self, client, db):
        article = ArticleFactory(condition=ConditionFactory(name="Norrie disease"), status=ArticleStatus.DRAFT)
        assert "Causes article" not in client.get(INDEX, {"letter": "n"}).content.decode()
        article.status = ArticleStatus.PUBLISHED
        article.save()
        assert "Causes article" in client.get(INDEX, {"letter": "n"}).content.decode()

    def test_conditions_published_renamed_and_deleted(self, client, condition, draft_condition):
        assert letter_link(client.get(INDEX).content.decode(), "u") is None
        draft_condition.is_published = True
        draft_condition.save()
        assert names_on(client.get(INDEX, {"letter": "u"})) == ["Unreleased syndrome"]
        draft_condition.name = "<b>Bold</b> syndrome"
        draft_condition.save()
        assert "&lt;b&gt;Bold&lt;/b&gt; syndrome" in client.get(INDEX, {"letter": "#"}).content.decode()
        assert names_on(client.get(INDEX, {"letter": "u"})) == []
        draft_condition.delete()
        assert "Bold" not in client.get(INDEX, {"letter": "#"}).content.decode()


class TestSearch:
    def test_results_are_one_list_in_the_order_search_gives(self, client, condition, monkeypatch):
        for name in ["Alport syndrome", "Weaver syndrome", "Cowden syndrome"]:
            ConditionFactory(name=name)
        real_search = ConditionQuerySet.search
        monkeypatch.setattr(ConditionQuerySet, "search", lambda self, query: real_search(self, query).order_by("-name"))
        response = client.get(INDEX, {"q": "syndrome"})
        assert names_on(response) == ["Weaver syndrome", "Cowden syndrome", "Alport syndrome"]
        assert "3 conditions match “syndrome”." in response.content.decode()

    def test_results_show_people_and_the_article_mark(self, client, condition, members):
        html = client.get(INDEX, {"q": "hemochromatosis"}).content.decode()
        row = html[html.index(">Neonatal hemochromatosis</a>") :].split("</li>")[0]
        assert "2 people on the map" in row and "Causes article" in row

    def test_results_are_paged_keeping_the_query(self, client, db, page_size):
        for name in letter_names(7):
            ConditionFactory(name=name)
        response = client.get(INDEX, {"q": "west & co", "page": "1"})
        assert response.status_code == 200
        response = client.get(INDEX, {"q": "westcondition", "page": "3"})
        assert names_on(response) == letter_names(7)[6:]
        html = response.content.decode()
        assert '<a href="?q=westcondition&amp;page=2" rel="prev">' in html
        assert client.get(INDEX, {"q": "westcondition", "page": "4"}).status_code == 404

    def test_a_script_in_the_query_is_shown_as_text(self, client, condition):
        response = client.get(INDEX, {"q": "<script>alert(1)</script>", "page": "1"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_a_query_wins_over_a_letter(self, client, condition):
        ConditionFactory(name="Wilson disease")
        assert names_on(client.get(INDEX, {"q": "wilson", "letter": "n"})) == ["Wilson disease"]


def test_the_stored_initial_follows_the_name(db):
    condition = ConditionFactory(name="éclampsia")
    assert Condition.objects.filter(initial="E").get() == condition
    assert ConditionFactory(name="22q11.2 deletion syndrome").initial == "#"
