"""How a member shows on maps: the choice every count and list of members filters on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    LISTED = "listed", _("Listed: counted, and shown by pseudonym to signed-in members, who can contact me")
    COUNTED = "counted", _("Counted: part of the figures, but never named or contactable")
    HIDDEN = "hidden", _("Hidden: not on any map or count")


ON_MAP = (Visibility.LISTED, Visibility.COUNTED)
ON_MAP_ANY = frozenset(ON_MAP)
