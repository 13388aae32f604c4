from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Count, F, Max, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conditions.standard_questions import CLOSED_KINDS, STANDARD_QUESTIONS, TOP_QUESTION_COUNT, QuestionKind
from conditions.text import first_sentences, fold, split_lines

orpha_validator = RegexValidator(r"^[0-9]{1,7}$", _("An ORPHA code is a number, for example 79452."))
icd10_validator = RegexValidator(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$", _("An ICD-10 code looks like E83.1 or K75.4."))


def can_preview(user) -> bool:
    """Staff may look at unpublished conditions and draft articles at their public URLs."""
    return bool(user and user.is_authenticated and user.is_staff)


SUMMARY_WORDS = 70  # the causes summary on a condition page


class ConditionQuerySet(models.QuerySet):
    def published(self) -> ConditionQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> ConditionQuerySet:
        return self if can_preview(user) else self.published()

    def touch(self) -> int:
        """Mark these conditions' pages as changed (see diseasemaps/page_cache.py)."""
        return self.update(updated_at=timezone.now())

    def content_version(self, slug: str, **kwargs) -> float | None:
        """The version of a published condition's pages (see diseasemaps/page_cache.py), or None."""
        stamp = self.published().filter(slug=slug).values_list("updated_at", flat=True).first()
        return stamp.timestamp() if stamp else None

    def search(self, query: str) -> ConditionQuerySet:
        """Names and synonyms containing every word of `query`, ignoring case and accents."""
        matches = self
        for word in fold(query).split():
            matches = matches.filter(search_text__contains=word)
        return matches


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
    orpha_code = models.CharField(_("ORPHA code"), max_length=7, blank=True, validators=[orpha_validator])
    icd10_code = models.CharField(_("ICD-10 code"), max_length=8, blank=True, validators=[icd10_validator])
    is_published = models.BooleanField(_("published"), default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        indexes = [models.Index(fields=["is_published", "name"], name="condition_published_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        self.synonyms = "\n".join(split_lines(self.synonyms))
        self.search_text = fold(" | ".join([self.name, *self.synonym_list]))
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "updated_at"}
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                self.add_standard_questions()

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", args=[self.slug])

    @property
    def synonym_list(self) -> list[str]:
        return split_lines(self.synonyms)

    @property
    def initial(self) -> str:
        letter = fold(self.name)[:1].upper()
        return letter if letter.isalpha() else "#"

    def add_standard_questions(self) -> list[Question]:
        """Create the standard questions this condition lacks; return the ones created."""
        existing = set(self.questions.values_list("kind", flat=True))
        missing = [
            Question(
                condition=self,
                kind=standard.kind,
                slug=standard.slug,
                text=standard.text_for(self.name),
                position=(index + 1) * 10,
            )
            for index, standard in enumerate(STANDARD_QUESTIONS)
            if standard.kind not in existing
        ]
        return Question.objects.bulk_create(missing)

    def top_questions(self) -> list[Question]:
        """The condition page's top questions, in the curator's order (the causes have their own article)."""
        return list(self.questions.exclude(kind=QuestionKind.CAUSES).in_curated_order()[:TOP_QUESTION_COUNT])


def get_condition_or_404(slug: str, user) -> Condition:
    """The one way views fetch a condition: published ones for everyone, all of them for staff."""
    try:
        return Condition.objects.visible_to(user).get(slug=slug)
    except Condition.DoesNotExist:
        raise Http404(_("No such condition.")) from None


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED, condition__is_published=True)

    def visible_to(self, user) -> ArticleQuerySet:
        return self if can_preview(user) else self.published()


class Article(models.Model):
    """The curated "Which are the causes of X?" article of one condition."""

    condition = models.OneToOneField(
        Condition, on_delete=models.CASCADE, related_name="causes_article", verbose_name=_("condition")
    )
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"))
    conclusion = models.TextField(_("conclusion"), blank=True)
    byline = models.CharField(
        _("byline"), max_length=120, default="the Diseasemaps editorial team", help_text=_("Shown as “by …”.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
        editable=False,
    )
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    reviewed_at = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When a curator last checked it against members' answers."),
    )
    # The sections as text, kept by record_sections(), so that revisions show what changed in them
    # (editable: simple-history compares editable fields only; no form lists it).
    sections_text = models.TextField(_("sections"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "author"])

    class Meta:
        verbose_name = _("causes article")
        verbose_name_plural = _("causes articles")
        indexes = [models.Index(fields=["status", "published_at"], name="article_status_published_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.is_published and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conditions:causes", args=[self.condition.slug])

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def summary(self) -> str:
        return self.intro

    @property
    def short_summary(self) -> str:
        """The summary as the condition page shows it: whole sentences, at most SUMMARY_WORDS words."""
        return first_sentences(self.summary, SUMMARY_WORDS)

    def contributor_count(self) -> int:
        """How many members' answers (shown ones) informed its sections: "according to N people"."""
        answers = Answer.objects.shown().filter(informed_sections__article=self)
        return answers.values("author").distinct().count()

    def record_sections(self) -> None:
        """Keep the sections' text on the article, so that its revisions show what changed in them."""
        text = "\n\n".join(
            f"{section.heading}: {section.body}" if section.heading else section.body for section in self.sections.all()
        )
        if text != self.sections_text:
            self.sections_text = text
            self.save(update_fields=["sections_text", "updated_at"])

    def publish(self) -> None:
        self.status = ArticleStatus.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])

    def section_pairs(self) -> list[tuple[str, str]]:
        return list(self.sections.values_list("heading", "body"))

    def replace_sections(self, sections: list[tuple[str, str]]) -> None:
        """Make the cause sections these (heading, body) pairs, in order."""
        self.sections.all().delete()
        ArticleSection.objects.bulk_create(
            ArticleSection(article=self, position=index, heading=heading, body=body)
            for index, (heading, body) in enumerate(sections, 1)
        )


def get_article_or_404(condition: Condition, user) -> Article:
    """The causes article of a condition, if this user may read it."""
    try:
        return Article.objects.visible_to(user).prefetch_related("sections").get(condition=condition)
    except Article.DoesNotExist:
        raise Http404(_("This condition has no published causes article yet.")) from None


class ArticleDraft(models.Model):
    """A new version of a published article (from `import_article --draft`), waiting beside it:
    the public pages keep the published article until a curator publishes the draft."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="waiting_draft", verbose_name=_("article")
    )
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"))
    conclusion = models.TextField(_("conclusion"), blank=True)
    sections = models.JSONField(_("sections"), default=list, help_text=_("[heading, text] pairs, in order."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("waiting draft")
        verbose_name_plural = _("waiting drafts")

    def __str__(self) -> str:
        return self.title

    @property
    def section_pairs(self) -> list[tuple[str, str]]:
        return [(heading, body) for heading, body in self.sections]

    def publish(self) -> None:
        """Put the draft in the article's place, publish it, and drop the draft."""
        article = self.article
        with transaction.atomic():
            article.title, article.intro, article.conclusion = self.title, self.intro, self.conclusion
            article.status = ArticleStatus.PUBLISHED
            article.save()
            if article.section_pairs() != self.section_pairs:
                article.replace_sections(self.section_pairs)
            article.record_sections()
            self.delete()


class ArticleSection(models.Model):
    """One cause: "Heading: text". The heading may be empty for a plain paragraph."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    informed_by = models.ManyToManyField(
        "conditions.Answer",
        blank=True,
        related_name="informed_sections",
        verbose_name=_("informed by members' answers"),
        help_text=_("The members' answers this section was written from."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("cause section")
        verbose_name_plural = _("cause sections")

    def __str__(self) -> str:
        return self.heading or self.body[:60]


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuestionQuerySet:
        return self.filter(condition__in=Condition.objects.visible_to(user))

    def with_activity(self) -> QuestionQuerySet:
        """With `answer_count` and `last_activity` from their shown answers, in the same query."""
        shown = Q(answers__is_hidden=False)
        return self.annotate(
            answer_count=Count("answers", filter=shown), last_activity=Max("answers__updated_at", filter=shown)
        )

    def in_curated_order(self) -> QuestionQuerySet:
        """In the order curators gave them (the imported "Top questions", then the admin's positions);
        among questions at the same position, the most recently answered first."""
        return self.with_activity().order_by("position", F("last_activity").desc(nulls_last=True), "id")

    def touch(self) -> int:
        """Mark these questions' pages as changed: their answers, or the answers' order."""
        return self.update(updated_at=timezone.now())

    def content_version(self, slug: str, question_slug: str, **kwargs) -> str | None:
        """The version of a published question's page: its condition's and its own, or None."""
        stamps = (
            self.filter(condition__slug=slug, condition__is_published=True, slug=question_slug)
            .values_list("condition__updated_at", "updated_at")
            .first()
        )
        return f"{stamps[0].timestamp()}-{stamps[1].timestamp()}" if stamps else None


class Question(models.Model):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.CUSTOM)
    text = models.CharField(_("question"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, blank=True, help_text=_("Made from the question if left empty."))
    position = models.PositiveSmallIntegerField(
        _("position"), default=500, help_text=_("Lower comes first; the first five are the top questions.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # also moved by its answers and their votes

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["condition", "slug"], name="question_unique_slug_per_condition"),
            models.UniqueConstraint(
                fields=["condition", "kind"],
                condition=~Q(kind=QuestionKind.CUSTOM),
                name="question_one_standard_kind_per_condition",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conditions:question", args=[self.condition.slug, self.slug])

    @property
    def is_closed(self) -> bool:
        """Closed questions (is it hereditary, contagious, curable?) take a yes/no choice too."""
        return self.kind in CLOSED_KINDS

    def unique_slug(self) -> str:
        base = slugify(self.text)[:100] or "question"
        taken = set(Question.objects.filter(condition_id=self.condition_id).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug


def get_visible_question_or_404(question_id: int, user) -> Question:
    """A question by id (the API's address), if its condition is published or the user may preview it."""
    try:
        return Question.objects.visible_to(user).select_related("condition").get(pk=question_id)
    except Question.DoesNotExist:
        raise Http404(_("No such question.")) from None


def get_question_or_404(condition: Condition, slug: str) -> Question:
    try:
        return condition.questions.get(slug=slug)
    except Question.DoesNotExist:
        raise Http404(_("No such question.")) from None


# Answers, votes and reports live in their own module; importing it here registers their models.
from conditions.answers import Answer, AnswerReport, HelpfulVote  # noqa: E402, F401
