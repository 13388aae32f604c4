"""The privacy policy, the terms of use and the contact page: public, in the site's layout, naming
the operator from settings, and served to visitors from the page cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.shortcuts import render

from diseasemaps.env import tile_origins
from diseasemaps.http import require_safe
from diseasemaps.page_cache import cache_for_visitors

SESSION_DAYS = settings.SESSION_COOKIE_AGE // (24 * 3600)


def policy_context() -> dict:
    """Everything of the settings that the three pages show."""
    tiles = tile_origins(settings.MAP_TILES_URL)
    return {
        "operator": {
            "name": settings.OPERATOR_NAME,
            "address": settings.OPERATOR_ADDRESS,
            "email": settings.OPERATOR_EMAIL,
        },
        "privacy_version": settings.PRIVACY_POLICY_VERSION,
        "terms_version": settings.TERMS_VERSION,
        "min_group": settings.MAP_MIN_GROUP,
        "tile_host": tiles[0].partition("://")[2] if tiles else "",
        "session_days": SESSION_DAYS,
    }


def policy_version(*args, **kwargs) -> str:
    """The pages' content version for the page cache: it moves when any setting they show does."""
    shown = repr(sorted(policy_context().items())) + settings.SITE_NAME
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


def policy_page(template: str):
    @require_safe
    @cache_for_visitors(policy_version)
    def view(request):
        return render(request, template, policy_context())

    return view


privacy = policy_page("pages/privacy.html")
terms = policy_page("pages/terms.html")
contact = policy_page("pages/contact.html")
