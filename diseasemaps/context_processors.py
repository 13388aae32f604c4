from django.conf import settings
from django.urls import reverse

from conditions.languages import content_language
from diseasemaps.http import absolute_url


def site(request) -> dict:
    """The site's name, its schema.org WebSite block (with its search action) and this page's
    WebPage block, both in the page's language."""
    language = content_language()
    home = absolute_url(reverse("home"))
    search = absolute_url(reverse("conditions:index"))
    return {
        "SITE_NAME": settings.SITE_NAME,
        "page_schema": {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "url": absolute_url(request.path),
            "inLanguage": language,
            "isPartOf": {"@type": "WebSite", "url": home},
        },
        "site_schema": {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": home,
            "inLanguage": language,
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{search}?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        },
    }
