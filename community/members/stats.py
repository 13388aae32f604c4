"""Map figures that other apps show. `conditions` reaches them only through the `community`
template tags; the home page (in the project package) calls these functions directly."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from community.models import ON_MAP, Membership, Profile
from conditions.models import Condition


def people_in_maps() -> int:
    """People on at least one map."""
    on_a_map = Membership.objects.counted().filter(condition__is_published=True)
    return Profile.objects.filter(memberships__in=on_a_map).distinct().count()


def most_active(conditions: QuerySet[Condition], limit: int) -> list[Condition]:
    """Conditions with the most people on their map; recently updated ones break ties."""
    counted = Q(memberships__visibility__in=ON_MAP)
    ranked = conditions.annotate(people=Count("memberships", filter=counted))
    return list(ranked.order_by("-people", "-updated_at")[:limit])
