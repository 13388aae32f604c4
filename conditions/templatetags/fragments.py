"""Filters that key cached fragments: `{% cache 3600 name condition|map_version ... %}` (the
lifetimes are those of conditions/fragments.py; the cache tag takes no constant from Python)."""

from __future__ import annotations

from django import template

from conditions import fragments
from conditions.models import can_preview

register = template.Library()


@register.filter
def summary_version(condition) -> float:
    return fragments.summary_version(condition)


@register.filter
def map_version(condition) -> str:
    return fragments.map_version(condition)


@register.filter
def previews(user) -> bool:
    """Whether this user sees drafts: they get fragments of their own."""
    return can_preview(user)
