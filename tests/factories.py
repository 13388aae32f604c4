from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from conditions.curators import CURATORS_GROUP
from conditions.models import Article, ArticleSection, ArticleStatus, Condition, Question


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class CuratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"curator{n}")
    is_staff = True

    @factory.post_generation
    def curators_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=CURATORS_GROUP))


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Test condition {n}")
    description = "A condition made up for the tests."
    is_published = True


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    condition = factory.SubFactory(ConditionFactory)
    title = factory.LazyAttribute(lambda article: f"Which are the causes of {article.condition.name}?")
    intro = "What members have learnt about where this condition comes from."
    conclusion = "In short, several causes seem to play a part."
    status = ArticleStatus.PUBLISHED


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleSection

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Cause number {n}")
    body = "How this cause seems to work, in plain words."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    condition = factory.SubFactory(ConditionFactory)
    text = factory.Sequence(lambda n: f"Curator question number {n}?")
