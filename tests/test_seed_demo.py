"""The demo data command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from conditions.curators import CURATORS_GROUP
from conditions.demo_content import DEMO_CONDITIONS
from conditions.models import Article, ArticleSection, Condition, Question
from conditions.standard_questions import STANDARD_QUESTIONS

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="needs --force"):
        seed()
    assert not Condition.objects.exists()


def test_loads_published_conditions_with_articles_questions_and_a_curator(settings, client):
    settings.DEBUG = True
    output = seed()
    assert len(DEMO_CONDITIONS) >= 10
    assert Condition.objects.published().count() == len(DEMO_CONDITIONS)
    assert Article.objects.published().count() == len(DEMO_CONDITIONS)
    assert Question.objects.count() == len(DEMO_CONDITIONS) * len(STANDARD_QUESTIONS)
    assert not Condition.objects.filter(synonyms="").exists()
    assert "curator / diseasemaps-demo" in output
    curator = get_user_model().objects.get(username="curator")
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == [CURATORS_GROUP]
    assert client.login(username="curator", password="diseasemaps-demo")
    assert client.get("/admin/conditions/article/").status_code == 200


def test_running_it_again_changes_nothing(settings):
    settings.DEBUG = True
    seed()
    before = (
        list(Article.objects.order_by("pk").values_list("pk", "updated_at")),
        list(ArticleSection.objects.order_by("pk").values_list("pk", flat=True)),
        Question.objects.count(),
    )
    output = seed(force=True)
    after = (
        list(Article.objects.order_by("pk").values_list("pk", "updated_at")),
        list(ArticleSection.objects.order_by("pk").values_list("pk", flat=True)),
        Question.objects.count(),
    )
    assert before == after
    assert "(0 created, 0 updated)" in output


def test_the_issue_example_search_works_on_demo_data(settings, client):
    settings.DEBUG = True
    seed()
    response = client.get("/conditions/", {"q": "Hemocromatosis"})
    names = [c.name for group in response.context["groups"] for c in group.conditions]
    assert names == ["Neonatal hemochromatosis"]


def test_every_demo_page_renders(settings, client):
    settings.DEBUG = True
    seed()
    for condition in Condition.objects.all():
        for suffix in ["", "causes/", "questions/", "questions/hereditary/"]:
            assert client.get(f"{condition.get_absolute_url()}{suffix}").status_code == 200
