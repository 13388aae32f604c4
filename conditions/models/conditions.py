"""Conditions: the diseases the site covers, published or not (staff may preview unpublished ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from conditions.grammar import Gender, guess_gender
from conditions.languages import LANGUAGES, SOURCE, TRANSLATIONS, columns, content_language, localized, settle_source
from conditions.models.literature import PhenotypeTerm, SystemGroup, disease_links, grouped_by_system
from conditions.question_wording import standard_wording
from conditions.search import search as ranked_search
from conditions.standard_questions import STANDARD_QUESTIONS, TOP_QUESTION_COUNT, QuestionKind
from conditions.text import fold, initial_of, split_lines
from diseasemaps.sql import BuiltOnce, InstanceBuiltOnce, stamp

if TYPE_CHECKING:
    from conditions.models.questions import Question

orpha_validator = RegexValidator(r"^[0-9]{1,7}$", _("An ORPHA code is a number, for example 79452."))
omim_validator = RegexValidator(r"^[0-9]{6}$", _("An OMIM number has six digits, for example 277900."))
icd10_validator = RegexValidator(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$", _("An ICD-10 code looks like E83.1 or K75.4."))


def name_ordering() -> list:
    """The order of the names shown in the active language: English's where a condition has none."""
    language = content_language()
    if language == SOURCE:
        return ["name"]
    return [Coalesce(localized("name", language), localized("name", SOURCE)).asc()]


def can_preview(user) -> bool:
    """Staff may look at unpublished conditions and draft articles at their public URLs."""
    return bool(user and user.is_authenticated and user.is_staff)


# Kept by queries (ConditionQuerySet.move_map), not by save().
MAP_FIELDS = {"id", "map_version", "map_base_version", "map_people"}
TRANSLATED = ("name", "synonyms", "description", "name_gender")  # by curators, per language (translation.py)
# What save() makes from the names: written whenever any of the translated fields is.
DERIVED = {*columns("initial"), "search_text", "updated_at", "outline_changed_at"}
# What the standard questions' wording is made from: the names and genders in every language.
WORDING = tuple(localized(field, language) for field in ("name", "name_gender") for language in LANGUAGES)


class ConditionQuerySet(models.QuerySet):
    def published(self) -> ConditionQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> ConditionQuerySet:
        return self if can_preview(user) else self.published()

    def touch(self) -> int:
        """Mark these conditions' pages as changed (see diseasemaps/page_cache.py)."""
        now = timezone.now()
        return self.update(updated_at=now, outline_changed_at=now)

    def touch_answers(self) -> int:
        """Mark the pages that show these conditions' answers as changed: the condition page with
        its question list, not the other questions' pages, which list the questions' wording only."""
        return self.update(updated_at=timezone.now())

    def move_map(self, people: int = 0, afresh: bool = False) -> int:
        """Mark these conditions' maps as changed (their figures, places and people), adding
        `people` to the count of people on them; their content version stays. `afresh`: their
        counts were counted again, or their places changed, so no earlier drawing may be patched."""
        moved = {"map_version": F("map_version") + 1, "map_people": F("map_people") + people}
        if afresh:
            moved["map_base_version"] = F("map_version") + 1
        return self.update(**moved)

    def content_version(self, slug: str, **kwargs) -> str | None:
        """The version of a published condition's page (see diseasemaps/page_cache.py), or None:
        its outline's, its answers' and its map's, since the page shows all three. Each page of a
        condition reads the same row, whose SQL is built once (diseasemaps/sql.py), and keeps the
        parts it shows, so that a page is not rendered again for what it does not show."""
        return self.version_of(slug, "answers", "outline", "map")

    def article_version(self, slug: str, **kwargs) -> str | None:
        """The causes article's page: the outline and the answers (it counts the visible answers
        that informed each section), not the map."""
        return self.version_of(slug, "answers", "outline")

    def questions_version(self, slug: str, **kwargs) -> str | None:
        """The question list: the outline and the answers (counts, latest activity), not the map."""
        return self.version_of(slug, "answers", "outline")

    def map_page_version(self, slug: str, **kwargs) -> str | None:
        """The map page: the outline and the map, not the answers."""
        return self.version_of(slug, "outline", "map")

    def version_of(self, slug: str, *parts: str) -> str | None:
        row = CONTENT_VERSION.first(self.db, slug)
        return stamp([row[VERSION_PARTS.index(part)] for part in parts]) if row else None

    def index_version(self) -> str:
        """The version of the A to Z for visitors: the published conditions' number, their latest
        change of names or articles (outline_changed_at; answers do not move it) and the sum of their
        map versions (each row shows its count of people). One query, built once."""
        count, outline, _changed, maps = CATALOGUE.first(self.db) or (0, None, None, None)
        return stamp((count, outline, maps))

    def catalogue_version(self) -> str:
        """The version of what the home page shows of the published conditions: their number, their
        latest content change and the sum of their map versions. One query, built once."""
        count, _outline, changed, maps = CATALOGUE.first(self.db) or (0, None, None, None)
        return stamp((count, changed, maps))

    def free_slug(self, name: str) -> str:
        """A slug made from `name` that none of these conditions has: "wilson-disease", else
        "wilson-disease-2", and so on. One query."""
        base = slugify(name)[:190] or "condition"
        taken = set(self.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def search(self, query: str) -> ConditionQuerySet:
        """The conditions whose names, synonyms or codes match `query`, best first (conditions/search.py)."""
        return ranked_search(self, query)

    def in_name_order(self) -> ConditionQuerySet:
        """By the names shown in the active language (English's where a condition has none there)."""
        return self.order_by(*name_ordering())

    def letter_counts(self) -> dict[str, int]:
        """How many of these conditions the A–Z files under each letter in the active language. One query."""
        initial = localized("initial", content_language())
        return dict(self.rewrite(False).order_by().values_list(initial).annotate(count=Count("pk")))

    def filed_under(self, letter: str) -> ConditionQuerySet:
        """The conditions the A–Z files under `letter` in the active language, in the order of the
        names shown there whatever their case: "Waardenburg" before "WAGR". English's names and
        initials are the columns without a suffix, which condition_initial_name_idx covers."""
        language = content_language()
        if language == SOURCE:
            return self.rewrite(False).filter(initial=letter).order_by(Lower("name"), "name")
        shown = Coalesce(localized("name", language), localized("name", SOURCE))
        return self.filter(**{localized("initial", language): letter}).order_by(Lower(shown), shown)


class Condition(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Used in the page address; made from the name if left empty."),
    )
    synonyms = models.TextField(
        _("synonyms"), blank=True, help_text=_("Other names and abbreviations, one per line. Searchable.")
    )
    description = models.CharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown in lists and search results."),
    )
    name_gender = models.CharField(
        _("grammatical gender of the name"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "For the wording of the standard questions (“¿Es hereditaria la enfermedad de Wilson?”). "
            "Left empty, it is guessed from the name's first word."
        ),
    )
    orpha_code = models.CharField(_("ORPHA code"), max_length=7, blank=True, validators=[orpha_validator])
    icd10_code = models.CharField(_("ICD-10 code"), max_length=8, blank=True, validators=[icd10_validator])
    omim_code = models.CharField(_("OMIM number"), max_length=6, blank=True, validators=[omim_validator])
    # The release of the disease catalogue (the Human Phenotype Ontology's) it was last imported from.
    catalogue_version = models.CharField(_("catalogue version"), max_length=20, blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    search_text = models.TextField(editable=False, default="")
    initial = models.CharField(_("initial"), max_length=1, editable=False, default="#")  # its letter in the A–Z
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the content version: articles, questions, answers
    # What every page of the condition shows (its names, article, questions' wording), without the
    # answers: the version of its questions' pages besides their own (Question.updated_at).
    outline_changed_at = models.DateTimeField(auto_now=True)
    # The map's version, moved by whatever changes who is counted where (community/signals.py), and
    # how many people its map counts, kept in the same transaction: no page counts memberships.
    map_version = models.PositiveBigIntegerField(default=0, editable=False)
    map_people = models.IntegerField(default=0, editable=False)
    # The map's version when its counts were last counted afresh or the gazetteer changed: a drawing
    # of the map from before it cannot be brought up to date cell by cell (community/maps/kept.py).
    map_base_version = models.PositiveBigIntegerField(default=0, editable=False)
    # What the medical literature reports: kept by the catalogue's importer, shown beside members' answers.
    phenotypes = models.ManyToManyField(
        "conditions.PhenotypeTerm", related_name="conditions", blank=True, editable=False, verbose_name=_("phenotypes")
    )

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        indexes = [
            models.Index(fields=["is_published", "name"], name="condition_pub_name_idx"),
            models.Index("initial", Lower("name"), "is_published", name="condition_initial_name_idx"),
            # Covers CATALOGUE's aggregate (index_version, catalogue_version): 3 ms, not 8, at 13,000 conditions.
            models.Index(
                fields=["is_published", "outline_changed_at", "updated_at", "map_version"],
                name="condition_catalogue_idx",
            ),
            models.Index(fields=["orpha_code"], name="condition_orpha_code_idx"),
            models.Index(fields=["omim_code"], name="condition_omim_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Saved in English whatever language is active: the columns without a suffix hold English
        (unique names, slugs and the A–Z's index are English), the translations their own columns."""
        settle_source(self, TRANSLATED)
        with override(SOURCE):
            self.save_in_english(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", args=[self.slug])

    def save_in_english(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        for language in LANGUAGES:
            column = localized("synonyms", language)
            setattr(self, column, "\n".join(split_lines(getattr(self, column) or "")))
            setattr(self, localized("initial", language), initial_of(self.name_in(language) or self.name))
        self.search_text = fold(" | ".join(self.all_names()))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if update_fields & columns(*TRANSLATED):
                update_fields |= columns(*TRANSLATED)
            kwargs["update_fields"] = update_fields | DERIVED
        adding = self._state.adding
        if not adding and kwargs.get("update_fields") is None:  # never write back a stale map version or count
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields if field.name not in MAP_FIELDS
            ]
        rewording = not adding and not set(WORDING).isdisjoint(kwargs["update_fields"])
        before = self.wording_sources_stored() if rewording else None
        if before == {column: getattr(self, column) for column in WORDING}:
            before = None  # the names and genders stay: so do the questions
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                self.add_standard_questions()
            elif before is not None:
                self.reword_standard_questions(before)

    @property
    def synonym_list(self) -> list[str]:
        return split_lines(self.synonyms)

    def name_in(self, language: str) -> str:
        """The name in `language`, or "" if it has none there (no fallback to English)."""
        return getattr(self, localized("name", language)) or ""

    def all_names(self) -> list[str]:
        """Its names and synonyms in every language, English's name first, each once (ignoring
        case and accents): what search finds it by."""
        names: dict[str, str] = {}
        for language in LANGUAGES:
            for name in [self.name_in(language), *split_lines(getattr(self, localized("synonyms", language)) or "")]:
                if name:
                    names.setdefault(fold(name), name)
        return list(names.values())

    def standard_wordings(self, kind: str, sources: dict[str, str] | None = None) -> dict[str, str | None]:
        """The standard question of `kind` in each language ("text_es": ...), from this condition's
        names and genders, or from `sources` (their columns' values, as wording_sources_stored gives).
        None in a language it has no name in: the question shows in English there."""
        sources = sources or {column: getattr(self, column) for column in WORDING}
        english = next(standard for standard in STANDARD_QUESTIONS if standard.kind == kind)
        wordings: dict[str, str | None] = {
            localized("text", SOURCE): english.text_for(sources[localized("name", SOURCE)])
        }
        for language in TRANSLATIONS:
            name = sources[localized("name", language)] or ""
            gender = sources[localized("name_gender", language)] or guess_gender(name, language)
            wordings[localized("text", language)] = standard_wording(kind, language, name, gender)
        return wordings

    def wording_sources_stored(self) -> dict[str, str] | None:
        """The names and genders as stored, before a save changes them. One query."""
        return Condition.objects.filter(pk=self.pk).values(*WORDING).first()

    def add_standard_questions(self) -> list[Question]:
        """Create the standard questions this condition lacks, worded in every language it has a
        name in; return the ones created."""
        Question = self.questions.model  # defined beside, in questions.py, which imports this module
        existing = set(self.questions.values_list("kind", flat=True))
        missing = [
            Question(
                condition=self,
                kind=standard.kind,
                slug=standard.slug,
                position=(index + 1) * 10,
                **self.standard_wordings(standard.kind),
            )
            for index, standard in enumerate(STANDARD_QUESTIONS)
            if standard.kind not in existing
        ]
        with override(SOURCE):
            return Question.objects.bulk_create(missing)

    def reword_standard_questions(self, before: dict[str, str] | None = None) -> int:
        """Word the standard questions again after a name or gender changed, in each language where
        a question still reads as made from the former name (or has no text): a curator's own wording
        stays. Returns how many questions changed. Two queries, and one more if any did."""
        changed = []
        for question in self.questions.exclude(kind=QuestionKind.CUSTOM):
            old = self.standard_wordings(question.kind, before) if before else {}
            for column, text in self.standard_wordings(question.kind).items():
                current = getattr(question, column)
                if column == localized("text", SOURCE) and not text:
                    continue
                if current != text and (not current or current == old.get(column)):
                    setattr(question, column, text)
                    changed.append(question)
        changed = list({question.pk: question for question in changed}.values())
        if changed:
            with override(SOURCE):
                self.questions.model.objects.bulk_update(changed, sorted(columns("text")))
        return len(changed)

    def literature(self) -> list[SystemGroup]:
        """What the medical literature reports: its phenotypes by organ system (one query)."""
        return grouped_by_system(PhenotypeTerm.objects.of_condition(self))

    @property
    def catalogue_links(self) -> list[tuple[str, str]]:
        return disease_links(self.orpha_code, self.omim_code)

    def top_questions(self) -> list[Question]:
        """The condition page's top questions, in the curator's order (the causes have their own article)."""
        return list(self.questions.exclude(kind=QuestionKind.CAUSES).in_curated_order()[:TOP_QUESTION_COUNT])


def get_condition_or_404(slug: str, user) -> Condition:
    """The one way views fetch a condition: published ones for everyone, all of them for staff.
    Nearly every request asks, so its SQL is built once (CONDITION_BY_SLUG)."""
    query = CONDITION_BY_SLUG["any" if can_preview(user) else "published"]
    condition = None if "\x00" in slug else query.get(Condition.objects.db, slug)  # PostgreSQL refuses NUL
    if condition is None:
        raise Http404(_("No such condition."))
    return condition


CONDITION_BY_SLUG = {
    audience: InstanceBuiltOnce(lambda slug, shown=shown: shown().filter(slug=slug).order_by()[:1], "/not a slug/")
    for audience, shown in (("published", lambda: Condition.objects.published()), ("any", lambda: Condition.objects))
}


VERSION_PARTS = ("answers", "outline", "map")  # the columns of CONTENT_VERSION: what moves each
# Built with rewrite(False): modeltranslation's values_list would select the columns in a set's order.
CONTENT_VERSION = BuiltOnce(
    lambda slug: (
        Condition.objects.rewrite(False)
        .published()
        .filter(slug=slug)
        .order_by()
        .values_list("updated_at", "outline_changed_at", "map_version")[:1]
    ),
    "/not a slug/",
)


CATALOGUE = BuiltOnce(
    lambda: (
        Condition.objects.rewrite(False)
        .published()
        .order_by()
        .values("is_published")
        .annotate(
            count=Count("pk"), outline=Max("outline_changed_at"), changed=Max("updated_at"), maps=Sum("map_version")
        )
        .values_list("count", "outline", "changed", "maps")
    )
)
