"""The curators' admin: conditions and questions (conditions.py), causes articles (articles.py) and
the moderation of members' answers (answers.py). Django's admin autodiscovery imports this package,
which registers the modules' ModelAdmins by importing them here, and names the curators' site."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conditions.admin import answers, articles, conditions

admin.site.site_header = _("Diseasemaps curation")
admin.site.site_title = _("Diseasemaps curation")
admin.site.index_title = _("Conditions, articles and questions")

__all__ = ["answers", "articles", "conditions"]
