from __future__ import annotations

from django import template
from django.core.cache import cache

from community import stats
from community.figures import Audience, markers_for, summary_for
from community.models import Membership

register = template.Library()


@register.simple_tag
def people_in_map(condition) -> int:
    """How many people are counted on this condition's map."""
    return stats.people_in_map(condition)


@register.simple_tag
def my_membership(condition, user) -> Membership | None:
    """The viewer's own membership of this condition, to tell them how they appear on its map."""
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("member__place").filter(condition=condition, member__user=user).first()


PREVIEW_DOTS = 150


PREVIEW_SECONDS = 24 * 3600


@register.simple_tag
def map_summary(condition):
    """The map's figures: the total, by country, role and age (cached per condition version)."""
    return summary_for(condition)


@register.inclusion_tag("community/_map_preview.html")
def map_preview(condition) -> dict:
    """A small static world map with the largest of the public's markers as dots (no names,
    small groups folded into their country), cached per condition version."""
    key = f"map-preview:{condition.pk}:{condition.updated_at.timestamp()}"
    dots = cache.get(key)
    if dots is None:
        dots = preview_dots(condition)
        cache.set(key, dots, PREVIEW_SECONDS)
    return {"condition": condition, "dots": dots}


def preview_dots(condition) -> list[dict]:
    markers = markers_for(condition, Audience.PUBLIC)[:PREVIEW_DOTS]
    largest = max((marker.count for marker in markers), default=1)
    return [
        {
            "x": round(marker.longitude + 180, 1),
            "y": round(90 - marker.latitude, 1),
            "r": round(1.2 + 3.3 * (marker.count / largest) ** 0.5, 1),
        }
        for marker in markers
    ]
