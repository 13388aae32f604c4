"""Keep each condition's `updated_at` (its content version) moving with everything shown on its pages."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from conditions.models import Answer, Article, ArticleSection, Condition, HelpfulVote, Question
from conditions.standard_questions import QuestionKind


def touch_condition_of(sender, instance, **kwargs) -> None:
    condition_id = instance.article.condition_id if isinstance(instance, ArticleSection) else instance.condition_id
    Condition.objects.filter(pk=condition_id).touch()


def answer_changed(sender, instance: Answer, **kwargs) -> None:
    """An answer shows on its question, in answer counts and in the top questions."""
    Question.objects.filter(pk=instance.question_id).touch()
    Condition.objects.filter(questions=instance.question_id).touch_answers()


def vote_changed(sender, instance: HelpfulVote, **kwargs) -> None:
    """A vote reorders the answers of its question, and on the causes question, the most helpful
    answers that the page of a condition without a causes article shows."""
    Question.objects.filter(answers=instance.answer_id).touch()
    Condition.objects.filter(questions__answers=instance.answer_id, questions__kind=QuestionKind.CAUSES).touch_answers()


def connect() -> None:
    for model in (Article, ArticleSection, Question):
        post_save.connect(touch_condition_of, sender=model, dispatch_uid=f"touch-{model.__name__}-save")
        post_delete.connect(touch_condition_of, sender=model, dispatch_uid=f"touch-{model.__name__}-delete")
    post_save.connect(answer_changed, sender=Answer, dispatch_uid="touch-answer-save")
    post_delete.connect(answer_changed, sender=Answer, dispatch_uid="touch-answer-delete")
    post_save.connect(vote_changed, sender=HelpfulVote, dispatch_uid="touch-vote-save")
    post_delete.connect(vote_changed, sender=HelpfulVote, dispatch_uid="touch-vote-delete")
