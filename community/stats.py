"""Map figures that other apps may show. `conditions` reaches them only through the
`community` template tags, never by importing community models.

Members join maps in the community issue; until then nobody is on any map, so every
figure here is zero and ranking falls back to the most recently curated conditions.
"""

from __future__ import annotations

from collections.abc import Iterable


def people_in_map(condition) -> int:
    return 0


def people_in_maps() -> int:
    return 0


def most_active(conditions: Iterable, limit: int) -> list:
    """Conditions with the most people on their map; recently updated ones break ties."""
    ranked = sorted(conditions, key=lambda condition: condition.updated_at, reverse=True)
    return ranked[:limit]
