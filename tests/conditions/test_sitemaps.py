"""/sitemap.xml: an index of the sitemap sections, each split into pages of at most 5,000 addresses."""

from __future__ import annotations

import re

import pytest

from conditions.sitemaps import ArticleSitemap, ConditionSitemap
from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PREFIXES = ["", "/es", "/ca", "/fr", "/it", "/pt", "/de"]  # English keeps the addresses without one


def in_every_language(path: str) -> list[str]:
    return [f"{SITE}{prefix}{path}" for prefix in PREFIXES]


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_the_sitemap_is_an_index_of_its_sections(client, condition):
    assert locations(client.get("/sitemap.xml")) == [
        f"{SITE}/sitemap-conditions.xml",
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-policies.xml",
    ]


def test_each_section_lists_what_is_published_only(client, condition, draft_condition):
    ArticleFactory(condition=draft_condition)
    assert locations(client.get("/sitemap-conditions.xml")) == in_every_language(
        "/conditions/neonatal-hemochromatosis/"
    )
    causes = in_every_language("/conditions/neonatal-hemochromatosis/causes/")
    assert locations(client.get("/sitemap-articles.xml")) == causes
    policies = [url for path in ("/privacy/", "/terms/", "/contact/") for url in in_every_language(path)]
    assert locations(client.get("/sitemap-policies.xml")) == policies


def test_each_address_lists_its_alternates_in_every_language(client, condition):
    xml = client.get("/sitemap-conditions.xml").content.decode()
    spanish = f"<loc>{SITE}/es/conditions/neonatal-hemochromatosis/</loc>"
    entry = xml[xml.index(spanish) : xml.index("</url>", xml.index(spanish))]
    alternates = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', entry))
    codes = ["en", "es", "ca", "fr", "it", "pt", "de"]
    assert alternates == {
        **dict(zip(codes, in_every_language("/conditions/neonatal-hemochromatosis/"), strict=True)),
        "x-default": f"{SITE}/conditions/neonatal-hemochromatosis/",
    }


def test_sections_are_split_at_their_limit(client, monkeypatch, draft_condition):
    monkeypatch.setattr(ConditionSitemap, "limit", 3 * len(PREFIXES))  # three pages, each in every language
    monkeypatch.setattr(ArticleSitemap, "limit", 3 * len(PREFIXES))
    names = [f"Condition {number}" for number in range(7)]
    for name in names:
        ArticleFactory(condition=ConditionFactory(name=name))
    ArticleFactory(condition=draft_condition)

    assert locations(client.get("/sitemap.xml")) == [
        f"{SITE}/sitemap-conditions.xml",
        f"{SITE}/sitemap-conditions.xml?p=2",
        f"{SITE}/sitemap-conditions.xml?p=3",
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
        f"{SITE}/sitemap-articles.xml?p=3",
        f"{SITE}/sitemap-policies.xml",
    ]

    pages = [locations(client.get("/sitemap-conditions.xml", {"p": number})) for number in (1, 2, 3)]
    assert [len(page) for page in pages] == [3 * len(PREFIXES), 3 * len(PREFIXES), len(PREFIXES)]
    paths = [f"/conditions/condition-{number}/" for number in range(7)]
    assert [url for page in pages for url in page] == [url for path in paths for url in in_every_language(path)]
    articles_pages = [locations(client.get("/sitemap-articles.xml", {"p": number})) for number in (1, 2, 3)]
    causes = [url for path in paths for url in in_every_language(f"{path}causes/")]
    assert [url for page in articles_pages for url in page] == causes
    assert draft_condition.slug not in "".join(url for page in pages + articles_pages for url in page)


def test_a_section_holds_five_thousand_addresses():
    assert ConditionSitemap.limit == ArticleSitemap.limit == 5000


@pytest.mark.parametrize(
    "url", ["/sitemap-conditions.xml?p=2", "/sitemap-conditions.xml?p=99999999999999", "/sitemap-conditions.xml?p=x"]
)
def test_a_page_beyond_the_last_or_forged_is_a_404(client, condition, url):
    assert client.get(url).status_code == 404


def test_an_unknown_section_is_a_404(client, condition):
    assert client.get("/sitemap-members.xml").status_code == 404
    assert client.get("/sitemap-%3Cscript%3E.xml").status_code == 404


def test_the_index_gives_each_section_its_latest_change(client, condition):
    xml = client.get("/sitemap.xml").content.decode()
    latest = condition.updated_at.strftime("%Y-%m-%d")
    assert re.search(rf"<loc>{SITE}/sitemap-conditions.xml</loc>\s*<lastmod>{latest}", xml)


def test_the_index_costs_the_same_whatever_the_number_of_conditions(client, django_assert_max_num_queries):
    for _ in range(30):
        ArticleFactory()
    # per section of conditions and of articles: their number, their latest change
    with django_assert_max_num_queries(4):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_points_to_the_sitemap_index(client, db):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
