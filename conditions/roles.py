"""How a person is affected by a condition. Members take a role for each condition they join
(community), and their answers to its questions carry it (conditions)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PATIENT = "patient", _("Person with the condition")
    FAMILY = "family", _("Family member or friend")
    CAREGIVER = "caregiver", _("Caregiver")
    ADVISER = "adviser", _("Adviser (a volunteer who can be contacted)")
    PROFESSIONAL = "professional", _("Health professional")
    RESEARCHER = "researcher", _("Researcher")
    ORGANISATION = "organisation", _("Organisation")
