"""Fixtures of the project-wide tests: a tiny gazetteer for seeding demo members."""

from __future__ import annotations

import pytest

from tests.factories import PlaceFactory


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def few_places(db):
    """A tiny gazetteer, big and small places on several continents (never the whole one in tests)."""
    return [
        PlaceFactory(name="Big City", country_code="CN", population=20_000_000, latitude=31.2, longitude=121.5),
        PlaceFactory(name="Middle Town", country_code="BR", population=800_000, latitude=-23.5, longitude=-46.6),
        PlaceFactory(name="Small Town", country_code="ES", population=20_000, latitude=39.5, longitude=-0.4),
        PlaceFactory(name="Tiny Capital", country_code="TV", population=0, latitude=-8.5, longitude=179.2),
    ]
