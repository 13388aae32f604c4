"""The small world the tests live in: alice and bob (members), charlie (a stranger), a curator."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory, ConditionFactory, CuratorFactory, SectionFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rendered fragments, rate limits)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def charlie(db):
    return UserFactory(username="charlie")


@pytest.fixture
def curator(db):
    return CuratorFactory(username="carol-curator")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def condition(db):
    """A published condition with synonyms, codes and a published three-section article."""
    condition = ConditionFactory(
        name="Neonatal hemochromatosis",
        synonyms="Hemocromatosis neonatal\nGALD",
        orpha_code="79452",
        icd10_code="P78.8",
    )
    article = ArticleFactory(condition=condition)
    for position, heading in enumerate(["Maternal antibodies", "Iron overload", "Unknown factors"], 1):
        SectionFactory(article=article, position=position, heading=heading)
    return condition


@pytest.fixture
def draft_condition(db):
    return ConditionFactory(name="Unreleased syndrome", is_published=False)
