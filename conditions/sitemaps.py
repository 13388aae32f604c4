"""The conditions' sections of the sitemap index (/sitemap.xml): each a list of pages of at most
`limit` addresses (/sitemap-conditions.xml?p=2), the most a search engine reads from one file."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from conditions.models import Article, Condition
from diseasemaps.sitemaps import EveryLanguageSitemap

SITEMAP_LIMIT = 5000


class ConditionSitemap(EveryLanguageSitemap):
    changefreq = "weekly"
    limit = SITEMAP_LIMIT

    def items(self):
        return Condition.objects.published().order_by("name").only("slug", "updated_at")

    def lastmod(self, condition: Condition):
        return condition.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate, not every condition read (Django's default)."""
        return Condition.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(EveryLanguageSitemap):
    changefreq = "monthly"
    limit = SITEMAP_LIMIT

    def items(self):
        """The English articles: each causes page is in every language (a translation, or the
        English article until there is one), changed when any of its translations last changed."""
        translations = Article.objects.published().filter(condition=OuterRef("condition_id")).order_by("-updated_at")
        return (
            Article.objects.published()
            .filter(language=settings.LANGUAGE_CODE)
            .select_related("condition")
            .order_by("condition__name")
            .only("condition__slug", "updated_at")
            .annotate(latest=Subquery(translations.values("updated_at")[:1]))
        )

    def location(self, article: Article) -> str:
        return reverse("conditions:causes", args=[article.condition.slug])  # in the sitemap's language

    def lastmod(self, article: Article):
        return article.latest

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
