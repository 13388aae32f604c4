"""Map figures that other apps show. `conditions` reaches them only through the `community`
template tags; the home page (in the project package) calls these functions directly. Both read
counts kept as memberships change (community/models/totals.py): no query here counts members."""

from __future__ import annotations

from django.db.models import QuerySet

from community.models import totals
from conditions.models import Condition


def people_in_maps() -> int:
    """People on at least one published map, each counted once."""
    return totals.people_in_maps()


def most_active(conditions: QuerySet[Condition], limit: int) -> list[Condition]:
    """Conditions with the most people on their map; recently updated ones break ties."""
    return list(conditions.order_by("-map_people", "-updated_at")[:limit])
