from __future__ import annotations

from django import template

from community import stats
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
