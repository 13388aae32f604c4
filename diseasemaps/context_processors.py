from django.conf import settings
from django.urls import reverse

from diseasemaps.http import absolute_url


def site(request) -> dict:
    """The site's name, and its schema.org WebSite block (with its search action)."""
    home = absolute_url("/")
    search = absolute_url(reverse("conditions:index"))
    return {
        "SITE_NAME": settings.SITE_NAME,
        "site_schema": {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": home,
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{search}?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        },
    }
