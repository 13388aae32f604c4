from django.contrib.sitemaps import Sitemap

from conditions.models import Article, Condition


class ConditionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Condition.objects.published().only("slug", "updated_at")

    def lastmod(self, condition: Condition):
        return condition.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Article.objects.published()
            .select_related("condition")
            .order_by("condition__name")
            .only("condition__slug", "updated_at")
        )

    def lastmod(self, article: Article):
        return article.updated_at
