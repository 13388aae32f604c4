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


def front_page_version() -> str:
    """The version of what the home page shows: the published conditions (their number, their
    content versions, which articles and questions move, and their map versions) and the people in
    the maps. Two small queries, whatever the number of members."""
    return f"{Condition.objects.catalogue_version()}-{people_in_maps()}"
