"""The questions of a condition: the standard ones every condition gets, and curators' own."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, F, Max, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from conditions.languages import SOURCE, settle_source
from conditions.models.conditions import Condition
from conditions.standard_questions import CLOSED_KINDS, QuestionKind
from diseasemaps.sql import BuiltOnce, InstanceBuiltOnce, stamp


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
        """The version of a published question's page: its condition's outline and its own, or
        None. Asked on every cached page: its SQL is built once (diseasemaps/sql.py)."""
        row = QUESTION_VERSION.first(self.db, slug, question_slug)
        return stamp(row) if row else None


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
        """Saved in English whatever language is active, as Condition.save; the slug is made from
        the English wording: one address per question, in every language."""
        settle_source(self, ("text",))
        with override(SOURCE):
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
    question = None if "\x00" in slug else QUESTION_BY_SLUG.get(Question.objects.db, condition.pk, slug)
    if question is None:
        raise Http404(_("No such question."))
    question.condition = condition
    return question


QUESTION_BY_SLUG = InstanceBuiltOnce(
    lambda condition_id, slug: Question.objects.filter(condition_id=condition_id, slug=slug).order_by()[:1],
    -1,
    "/not a slug/",
)


QUESTION_VERSION = BuiltOnce(
    lambda slug, question_slug: (
        Question.objects.rewrite(False)  # the columns in this order (see CONTENT_VERSION)
        .filter(condition__slug=slug, condition__is_published=True, slug=question_slug)
        .order_by()
        .values_list("condition__outline_changed_at", "updated_at")[:1]
    ),
    "/not a slug/",
    "/not a question/",
)
