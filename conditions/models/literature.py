"""What the medical literature reports of a condition: the phenotypes (symptoms and signs) that the
Human Phenotype Ontology annotates to its disease, each under one organ system. The importer
(conditions/catalogue.py) keeps them; curators and members never edit them."""

from __future__ import annotations

from dataclasses import dataclass

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
        return self.filter(conditions=condition).only("number", "name", "system")


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


@dataclass(frozen=True)
class SystemGroup:
    system: OrganSystem
    terms: list[PhenotypeTerm]


def grouped_by_system(terms) -> list[SystemGroup]:
    """The terms under their organ systems, the systems in OrganSystem's order, the terms by name."""
    by_system: dict[int, list[PhenotypeTerm]] = {}
    for term in sorted(terms, key=lambda term: term.name.casefold()):
        by_system.setdefault(term.system, []).append(term)
    return [SystemGroup(system, by_system[system.value]) for system in OrganSystem if system.value in by_system]


def disease_links(orpha_code: str, omim_code: str) -> list[tuple[str, str]]:
    """Where the disease is described at its sources: (source, address), for links only."""
    links = []
    if orpha_code:
        links.append(("Orphanet", f"https://www.orpha.net/en/disease/detail/{orpha_code}"))
    if omim_code:
        links.append(("OMIM", f"https://omim.org/entry/{omim_code}"))
    return links
