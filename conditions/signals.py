"""Keep each condition's `updated_at` (its content version) moving with everything shown on its pages."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from conditions.models import Article, ArticleSection, Condition, Question


def touch_condition_of(sender, instance, **kwargs) -> None:
    condition_id = instance.article.condition_id if isinstance(instance, ArticleSection) else instance.condition_id
    Condition.objects.filter(pk=condition_id).touch()


def connect() -> None:
    for model in (Article, ArticleSection, Question):
        post_save.connect(touch_condition_of, sender=model, dispatch_uid=f"touch-{model.__name__}-save")
        post_delete.connect(touch_condition_of, sender=model, dispatch_uid=f"touch-{model.__name__}-delete")
