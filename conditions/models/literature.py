"""What the medical literature reports of a condition: the phenotypes (symptoms and signs) that the
Human Phenotype Ontology annotates to its disease, each under one organ system. The importer
(conditions/catalogue.py) keeps them; curators and members never edit them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganSystem(models.IntegerChoices):
    """The HPO's top categories of phenotypic abnormality, by their term number, in plain words."""

    NERVOUS = 707, _("Brain and nerves")
    EYE = 478, _("Eyes")
    EAR = 598, _("Ears and hearing")
    HEAD_NECK = 152, _("Head and neck")
    HEART_VESSELS = 1626, _("Heart and blood vessels")
    BLOOD = 1871, _("Blood")
    IMMUNE = 2715, _("Immune system")
    RESPIRATORY = 2086, _("Breathing and lungs")
    CHEST = 45027, _("Chest")
    DIGESTIVE = 25031, _("Digestion and liver")
    METABOLISM = 1939, _("Metabolism")
    ENDOCRINE = 818, _("Hormones")
    GENITOURINARY = 119, _("Kidneys, bladder and genitals")
    BREAST = 769, _("Breasts")
    SKIN = 1574, _("Skin, hair and nails")
    MUSCLES_BONES = 33127, _("Muscles, bones and joints")
    LIMBS = 40064, _("Arms and legs")
    GROWTH = 1507, _("Growth")
    PRENATAL = 1197, _("Before and at birth")
    VOICE = 1608, _("Voice")
    NEOPLASM = 2664, _("Tumours")
    CELLULAR = 25354, _("Cells")
    CONSTITUTIONAL = 25142, _("General symptoms")
    OTHER = 0, _("Other")


class PhenotypeTermQuerySet(models.QuerySet):
    def of_condition(self, condition) -> PhenotypeTermQuerySet:
        return self.filter(conditions=condition).order_by("system", "name")


class PhenotypeTerm(models.Model):
    """A term of the Human Phenotype Ontology, such as HP:0001541 "Ascites"."""

    number = models.PositiveIntegerField(_("HPO number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    system = models.PositiveIntegerField(_("organ system"), choices=OrganSystem.choices, default=OrganSystem.OTHER)

    objects = PhenotypeTermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("phenotype")
        verbose_name_plural = _("phenotypes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return f"HP:{self.number:07d}"

    @property
    def url(self) -> str:
        return f"https://hpo.jax.org/browse/term/{self.code}"
