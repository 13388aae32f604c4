"""Members' answers to the questions of a condition, their "helpful" votes and their reports.

Who may answer (a member of the condition) is decided by `community`, which writes answers through
`Answer.objects.write()` and keeps each answer's copy of its author's pseudonym and role for the
condition. This app shows them, without reaching into `community`: an answer carries what its page
needs. Hidden answers (by a curator, after a report) are kept, and count nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Count, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conditions.answer_languages import ANSWER_LANGUAGES, detect_language, html_lang, in_language
from conditions.languages import content_language
from conditions.markup import render_markdown
from conditions.models.conditions import Condition
from conditions.models.questions import Question
from conditions.roles import Role
from conditions.standard_questions import QuestionKind

MAX_ANSWER_LENGTH = 5_000
MAX_REPORT_NOTE_LENGTH = 500


class Choice(models.TextChoices):
    """The structured part of an answer to a closed question (hereditary, contagious, cure)."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    DEPENDS = "depends", _("It depends")
    UNKNOWN = "unknown", _("I don't know")


# Below this many answers, a closed question's chart gives counts: "50%" of two people says too much.
MIN_ANSWERS_FOR_PERCENTAGES = 5


@dataclass(frozen=True)
class ChoiceShare:
    choice: str
    label: str
    count: int
    percent: int  # whole percentages, which add up to 100 (largest remainder); the bar's length
    by_role: dict[str, int]
    percent_shown: bool = True  # only from MIN_ANSWERS_FOR_PERCENTAGES answers


class AnswerQuerySet(models.QuerySet):
    def shown(self) -> AnswerQuerySet:
        return self.filter(is_hidden=False)

    def most_helpful_first(self, language: str | None = None) -> AnswerQuerySet:
        """With `language`, the answers written in it come first, each group most helpful first."""
        order = ["-helpful_count", "-created_at", "-pk"]
        if language:
            order.insert(0, Case(When(language=language, then=0), default=1))
        return self.order_by(*order)

    def recount_votes(self) -> int:
        """Set these answers' `helpful_count` from their votes in one UPDATE: counted afresh rather
        than incremented, so that concurrent votes can never drift."""
        votes = HelpfulVote.objects.filter(answer=OuterRef("pk")).order_by().values("answer").annotate(n=Count("id"))
        return self.update(helpful_count=Coalesce(Subquery(votes.values("n")), 0))

    def of_question(self, question: Question, language: str | None = None) -> AnswerQuerySet:
        """A question's shown answers, most helpful first; with `language` (the reader's), those
        written in it first."""
        return self.shown().filter(question=question).most_helpful_first(language)

    def about_causes_of(self, condition: Condition) -> AnswerQuerySet:
        """What members answered to "Which are the causes of X?", the most helpful first."""
        causes = self.filter(question__condition=condition, question__kind=QuestionKind.CAUSES)
        return causes.shown().most_helpful_first().select_related("question")

    def write(
        self,
        question: Question,
        author,
        *,
        name: str,
        listed: bool,
        role: str,
        text: str,
        choice: str = "",
        language: str | None = None,
        detect: bool = True,
    ) -> Answer:
        """Create or replace `author`'s one answer to `question` (twice the same request: one answer).
        `language` is the one the member chose, or was proposed to them (the page's, by default);
        with `detect`, a text clearly written in another of the site's languages gets that one."""
        language = language or content_language()
        if detect:
            language = detect_language(text) or language
        fields = {"author_name": name, "author_listed": listed, "author_role": role, "text": text, "choice": choice}
        fields["language"] = language
        try:
            with transaction.atomic():
                answer, created = self.get_or_create(question=question, author=author, defaults=fields)
        except IntegrityError:  # a concurrent request created it between our read and our write
            answer, created = self.get(question=question, author=author), False
        if not created:
            for field, value in fields.items():
                setattr(answer, field, value)
            answer.save(update_fields=[*fields, "html", "updated_at"])
        return answer

    def choice_split(self, question: Question) -> list[ChoiceShare]:
        """How the members who answered a closed question chose, with percentages and by role
        (one aggregate query). Empty when nobody chose."""
        rows = (
            self.shown()
            .filter(question=question)
            .exclude(choice="")
            .order_by()
            .values_list("choice", "author_role")
            .annotate(count=Count("id"))
        )
        by_choice: dict[str, dict[str, int]] = {choice: {} for choice in Choice.values}
        for choice, role, count in rows:
            by_choice[choice][role] = count
        counts = [sum(by_choice[choice].values()) for choice in Choice.values]
        percents = whole_percentages(counts)
        if not sum(counts):
            return []
        percent_shown = sum(counts) >= MIN_ANSWERS_FOR_PERCENTAGES
        return [
            ChoiceShare(choice, str(label), count, percent, by_choice[choice], percent_shown)
            for (choice, label), count, percent in zip(Choice.choices, counts, percents, strict=True)
        ]


def whole_percentages(counts: list[int]) -> list[int]:
    """Percentages rounded so that they add up to exactly 100 (largest remainder method)."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    floors = [int(value) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda index: exact[index] - floors[index], reverse=True)
    for index in by_remainder[: 100 - sum(floors)]:
        floors[index] += 1
    return floors


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # None once its author deleted their account and chose to leave their answers, anonymised.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    # Copies of the author's pseudonym and role for the condition, kept by `community`.
    author_name = models.CharField(_("author"), max_length=40, editable=False)
    # Whether the author chose to be named (listed): only then do signed-in members see the
    # pseudonym; visitors never do (docs/design.md, privacy model).
    author_listed = models.BooleanField(_("named to members"), default=True, editable=False)
    author_role = models.CharField(_("author's role"), max_length=20, choices=Role.choices, editable=False)
    choice = models.CharField(_("short answer"), max_length=10, choices=Choice.choices, blank=True)
    text = models.TextField(
        _("answer"),
        max_length=MAX_ANSWER_LENGTH,
        validators=[MaxLengthValidator(MAX_ANSWER_LENGTH)],
        help_text=_("Plain text or Markdown: paragraphs, **bold**, *italics*, lists and links."),
    )
    html = models.TextField(editable=False)  # `text` rendered and sanitised when saved
    # The language the answer is written in: chosen by its author, or recognised from its text.
    language = models.CharField(_("language"), max_length=7, choices=ANSWER_LANGUAGES, default=settings.LANGUAGE_CODE)
    helpful_count = models.PositiveIntegerField(_("helpful votes"), default=0, editable=False)
    is_hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden answers are kept, but shown nowhere and counted nowhere.")
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("edited"), auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["-helpful_count", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "author"], name="answer_one_per_member_per_question"),
        ]
        indexes = [
            models.Index(
                "question",
                "is_hidden",
                models.F("helpful_count").desc(),
                models.F("created_at").desc(),
                name="answer_page_idx",
            ),
            models.Index(fields=["question", "is_hidden", "choice", "author_role"], name="answer_choice_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_label} · {self.question}"

    def save(self, *args, **kwargs) -> None:
        self.html = render_markdown(self.text)
        super().save(*args, **kwargs)

    @property
    def named_author(self) -> str | None:
        """The author's pseudonym if they chose to be named (`listed`), else None: the rule for every
        page, API, export and admin screen that shows who wrote an answer."""
        return self.author_name if self.author_listed else None

    @property
    def author_label(self) -> str:
        return self.named_author or str(_("A member"))

    @property
    def language_label(self) -> str:
        """ "In Spanish", in the page's language."""
        return in_language(self.language)

    @property
    def html_lang(self) -> str:
        """The `lang` attribute of the answer's text."""
        return html_lang(self.language)

    @property
    def was_edited(self) -> bool:
        return (self.updated_at - self.created_at).total_seconds() > 60

    def mark_helpful(self, voter) -> bool:
        """One vote per member, never on one's own answer; True if this call added it."""
        if voter.pk == self.author_id:
            raise PermissionDenied(_("You cannot mark your own answer as helpful."))
        try:
            with transaction.atomic():
                _vote, created = HelpfulVote.objects.get_or_create(answer=self, voter=voter)
        except IntegrityError:  # the same vote, sent twice at once
            created = False
        self.recount_votes()
        return created

    def unmark_helpful(self, voter) -> bool:
        deleted, _rows = HelpfulVote.objects.filter(answer=self, voter=voter).delete()
        self.recount_votes()
        return bool(deleted)

    def recount_votes(self) -> None:
        Answer.objects.filter(pk=self.pk).recount_votes()
        self.refresh_from_db(fields=["helpful_count"])

    def hide(self) -> None:
        self.is_hidden = True
        self.save(update_fields=["is_hidden", "html"])
        self.reports.filter(resolved_at=None).update(resolved_at=timezone.now())

    def restore(self) -> None:
        self.is_hidden = False
        self.save(update_fields=["is_hidden", "html"])


class HelpfulVoteQuerySet(models.QuerySet):
    def given_by(self, user, answers) -> set[int]:
        """Which of these answers `user` marked as helpful (one query; none for visitors)."""
        if not user.is_authenticated:
            return set()
        return set(self.filter(voter=user, answer__in=list(answers)).values_list("answer_id", flat=True))


class HelpfulVote(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HelpfulVoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [models.UniqueConstraint(fields=["answer", "voter"], name="helpful_vote_one_per_member")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.answer_id}"


class ReportReason(models.TextChoices):
    MISLEADING = "misleading", _("Misleading or dangerous health information")
    OFFENSIVE = "offensive", _("Offensive or disrespectful")
    PERSONAL = "personal", _("Shares someone's personal information")
    SPAM = "spam", _("Advertising or spam")
    OTHER = "other", _("Something else")


class AnswerReportQuerySet(models.QuerySet):
    def open(self) -> AnswerReportQuerySet:
        return self.filter(resolved_at=None)

    def report(self, answer: Answer, reporter, reason: str, note: str = "") -> tuple[AnswerReport, bool]:
        """One report per member per answer; reporting again updates the reason."""
        if reporter.pk == answer.author_id:
            raise PermissionDenied(_("You cannot report your own answer; edit or delete it instead."))
        try:
            with transaction.atomic():
                report, created = self.update_or_create(
                    answer=answer, reporter=reporter, defaults={"reason": reason, "note": note, "resolved_at": None}
                )
        except IntegrityError:
            report, created = self.get(answer=answer, reporter=reporter), False
        return report, created


class AnswerReport(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("details"), max_length=MAX_REPORT_NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = AnswerReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["answer", "reporter"], name="answer_report_one_per_member")]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="answer_report_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.answer}"


def get_visible_answer_or_404(answer_id: int, user, question: Question | None = None) -> Answer:
    """A shown answer by id, on a question the user may see (this one, if given); hidden ones are
    not found."""
    answers = Answer.objects.shown().filter(question__in=Question.objects.visible_to(user))
    if question is not None:
        answers = answers.filter(question=question)
    try:
        return answers.select_related("question__condition").get(pk=answer_id)
    except Answer.DoesNotExist:
        raise Http404(_("No such answer.")) from None
