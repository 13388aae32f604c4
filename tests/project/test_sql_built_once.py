"""The few queries run on nearly every request are built once per process (diseasemaps/sql.py): they
find what the ORM finds, take any value safely as a parameter, and refuse a query that loses a value."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from community.models import Membership
from conditions.models import Condition, Question
from diseasemaps.sql import BuiltOnce

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
