from django import template

from community import stats

register = template.Library()


@register.simple_tag
def people_in_map(condition) -> int:
    """How many people are counted on this condition's map."""
    return stats.people_in_map(condition)
