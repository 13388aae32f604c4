"""The curated "Which are the causes of X?" article of a condition, its cause sections (each
informed by members' answers) and the draft that may wait beside a published article.

A translation is an article of its own, in its language, with its own sections, status and history;
a page in a language that has no published translation shows the English article, marked as such."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conditions.languages import SOURCE, content_language, language_name
from conditions.models.answers import Answer
from conditions.models.conditions import Condition, can_preview
from conditions.text import first_sentences

SUMMARY_WORDS = 70  # the causes summary on a condition page


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED, condition__is_published=True)

    def visible_to(self, user) -> ArticleQuerySet:
        return self if can_preview(user) else self.published()

    def for_condition(self, condition: Condition, language: str | None, user) -> Article | None:
        """The condition's article in `language` (the active one when None) if this user may read
        it, else its English article, else None; `article.is_fallback` says whether it is the
        English one standing in. One query (the sections are fetched when shown)."""
        wanted = content_language(language)
        candidates = {
            article.language: article
            for article in self.visible_to(user).filter(condition=condition, language__in={wanted, SOURCE})
        }
        article = candidates.get(wanted) or candidates.get(SOURCE)
        if article is not None:
            article.requested_language = wanted
        return article


class Article(models.Model):
    """The curated "Which are the causes of X?" article of one condition."""

    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="articles", verbose_name=_("condition")
    )
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=SOURCE,
        help_text=_("A translation is an article of its own: its own text, sections, status and history."),
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
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "language"],
                name="article_one_per_language",
                violation_error_message=_("This condition already has an article in this language."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.is_published and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("conditions:causes", args=[self.condition.slug])

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def is_fallback(self) -> bool:
        """Whether this is the English article standing in for a language that has no translation
        (set by ArticleQuerySet.for_condition)."""
        requested = getattr(self, "requested_language", None)
        return requested is not None and requested != self.language

    @property
    def requested_language_name(self) -> str:
        """The language the reader asked for, named in the page's language ("español" in Spanish)."""
        return language_name(getattr(self, "requested_language", None) or self.language)

    @property
    def summary(self) -> str:
        return self.intro

    @property
    def short_summary(self) -> str:
        """The summary as the condition page shows it: whole sentences, at most SUMMARY_WORDS words."""
        return first_sentences(self.summary, SUMMARY_WORDS)

    def contributor_count(self) -> int:
        """How many members (by their shown answers) informed its sections or, for a translation,
        those of the English article it translates: "according to N people"."""
        answers = Answer.objects.shown().filter(
            informed_sections__article__condition_id=self.condition_id,
            informed_sections__article__language__in={self.language, SOURCE},
        )
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


def get_article_or_404(condition: Condition, user, language: str | None = None) -> Article:
    """The causes article of a condition that this user may read, in `language` (the active one when
    None) or else in English (`article.is_fallback`), with its sections."""
    article = Article.objects.for_condition(condition, language, user)
    if article is None:
        raise Http404(_("This condition has no published causes article yet."))
    prefetch_related_objects([article], "sections")
    return article


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
