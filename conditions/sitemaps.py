"""The conditions' sections of the sitemap index (/sitemap.xml): each a list of pages of at most
`limit` addresses (/sitemap-conditions.xml?p=2), the most a search engine reads from one file."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from conditions.models import Article, Condition

SITEMAP_LIMIT = 5000


class ConditionSitemap(Sitemap):
    changefreq = "weekly"
    limit = SITEMAP_LIMIT

    def items(self):
        return Condition.objects.published().order_by("name").only("slug", "updated_at")

    def lastmod(self, condition: Condition):
        return condition.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate, not every condition read (Django's default)."""
        return Condition.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = SITEMAP_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .select_related("condition")
            .order_by("condition__name")
            .only("condition__slug", "language", "updated_at")
        )

    def lastmod(self, article: Article):
        return article.updated_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
