from __future__ import annotations

from django import template

from community import stats
from community.figures import Audience, figures_for
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


@register.simple_tag
def public_figures(condition):
    """The map's figures as anonymous visitors see them (cached per condition version)."""
    return figures_for(condition, Audience.PUBLIC)


@register.inclusion_tag("community/_map_preview.html")
def map_preview(condition, figures) -> dict:
    """A small static world map with the public figures' markers as dots (no names, folded groups)."""
    largest = max((marker.count for marker in figures.markers), default=1)
    dots = [
        {
            "x": round(marker.longitude + 180, 1),
            "y": round(90 - marker.latitude, 1),
            "r": round(1.2 + 3.3 * (marker.count / largest) ** 0.5, 1),
        }
        for marker in figures.markers[:PREVIEW_DOTS]
    ]
    return {"condition": condition, "dots": dots}
