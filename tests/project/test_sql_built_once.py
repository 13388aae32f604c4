"""The few queries run on nearly every request are built once per process (diseasemaps/sql.py): they
find what the ORM finds, take any value safely as a parameter, and refuse a query that loses a value."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import Http404

from community.models import Membership
from conditions.models import Condition, Question
from conditions.models.conditions import get_condition_or_404
from conditions.models.questions import get_question_or_404
from diseasemaps.sql import BuiltOnce, InstanceBuiltOnce
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


def test_a_pages_version_follows_its_condition_and_question(condition, treatment):
    condition_version = Condition.objects.content_version(condition.slug)
    question_version = Question.objects.content_version(condition.slug, treatment.slug)
    assert condition_version and question_version
    assert " " not in condition_version + question_version  # parts of cache keys
    assert Condition.objects.content_version(condition.slug) == condition_version  # the same in any process
    treatment.text = "Which treatments helped you, and how?"
    treatment.save()
    assert Question.objects.content_version(condition.slug, treatment.slug) != question_version


def test_no_version_for_what_visitors_cannot_see(condition, draft_condition, treatment):
    assert Condition.objects.content_version(draft_condition.slug) is None
    assert Question.objects.content_version(draft_condition.slug, treatment.slug) is None
    assert Question.objects.content_version(condition.slug, "no-such-question") is None


@pytest.mark.parametrize("slug", ["x' OR '1'='1", "/not a slug/", "<script>alert(1)</script>", "é" * 300])
def test_any_text_is_a_value_never_sql(condition, treatment, slug):
    assert Condition.objects.content_version(slug) is None
    assert Question.objects.content_version(slug, treatment.slug) is None
    assert Question.objects.content_version(condition.slug, slug) is None


def test_a_members_own_box(condition, alice, alice_on_the_map, bob):
    own = Membership.objects.own(condition, alice)
    assert (own.role, own.member.display_name, own.member.place.name) == (
        alice_on_the_map.role,
        "Alice in Valencia",
        "Valencia",
    )
    assert Membership.objects.own(condition, bob) is None


def test_a_query_that_loses_a_value_is_refused(condition):
    lost = BuiltOnce(lambda slug: Condition.objects.filter(is_published=True).values_list("pk")[:1], "/not a slug/")
    with pytest.raises(ImproperlyConfigured, match="each value must be used once"):
        lost.first("default", condition.slug)


def test_a_condition_is_the_one_the_orm_finds(condition, curator, alice):
    condition.map_people = 7
    condition.save()
    expected = Condition.objects.get(pk=condition.pk)
    for viewer in (AnonymousUser(), alice, curator):
        found = get_condition_or_404(condition.slug, viewer)
        assert found == expected and found._state.db == "default" and not found._state.adding
        for field in Condition._meta.concrete_fields:  # dates are dates on SQLite too
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.attname
            assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname)), field.attname
    found.name = "Renamed on the instance"
    found.save()  # an instance like any other: it saves
    assert Condition.objects.get(pk=condition.pk).name == "Renamed on the instance"


def test_a_draft_condition_only_for_those_who_may_preview(draft_condition, curator, alice):
    assert get_condition_or_404(draft_condition.slug, curator) == draft_condition
    for viewer in (AnonymousUser(), alice):
        with pytest.raises(Http404):
            get_condition_or_404(draft_condition.slug, viewer)


@pytest.mark.parametrize("slug", ["x' OR '1'='1", "/not a slug/", "no-such-condition", "a\x00b", "é" * 300])
def test_no_condition_for_a_forged_slug(condition, slug):
    with pytest.raises(Http404):
        get_condition_or_404(slug, AnonymousUser())


def test_an_instance_query_refuses_joined_columns(condition):
    joined = InstanceBuiltOnce(lambda slug: Question.objects.select_related("condition").filter(slug=slug)[:1], "/x/")
    with pytest.raises(ImproperlyConfigured, match="only the model's own columns"):
        joined.get("default", "causes")


def test_a_question_is_the_one_the_orm_finds_and_knows_its_condition(condition, treatment, django_assert_num_queries):
    expected = Question.objects.get(pk=treatment.pk)
    with django_assert_num_queries(1):
        found = get_question_or_404(condition, treatment.slug)
        assert found.condition is condition  # no query for it
    for field in Question._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.attname


@pytest.mark.parametrize("slug", ["x' OR '1'='1", "no-such-question", "a\x00b", "é" * 300])
def test_no_question_for_a_forged_slug(condition, slug):
    with pytest.raises(Http404):
        get_question_or_404(condition, slug)


def test_no_question_of_another_condition(condition, treatment):
    other = ConditionFactory(name="Other syndrome")
    with pytest.raises(Http404):
        get_question_or_404(other, "no-such-question")
    assert get_question_or_404(other, treatment.slug).condition_id == other.pk  # its own question of that kind
    assert get_question_or_404(other, treatment.slug).pk != treatment.pk


def test_reads_run_often_are_prepared_on_postgresql(condition):
    for _ in range(6):  # psycopg prepares a statement at its fifth run on a connection
        get_condition_or_404(condition.slug, AnonymousUser())
    if connection.vendor != "postgresql":  # SQLite has no prepared statements to keep
        assert "prepare_threshold" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "conditions_condition"' in statement and '"slug" = $' in statement for statement in prepared)
