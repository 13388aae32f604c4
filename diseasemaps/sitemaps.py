from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class EveryLanguageSitemap(Sitemap):
    """Each page at its address in every language, listing the others as its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class PolicySitemap(EveryLanguageSitemap):
    """The privacy policy, the terms of use and the contact page."""

    changefreq = "yearly"

    def items(self) -> list[str]:
        return ["privacy", "terms", "contact"]

    def location(self, name: str) -> str:
        return reverse(name)
