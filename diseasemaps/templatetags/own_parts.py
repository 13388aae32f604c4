"""`{% own_part "template.html" name=value %}`: a member's own part of a page cached whole for
members (diseasemaps/page_cache.py::cache_for_members). It is rendered for every request, with the
request's user, CSRF token and nonce only (no context processors); the values given must be the
same for every member."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from diseasemaps.page_cache import mark_own_part, render_own_part

register = template.Library()


@register.simple_tag(takes_context=True)
def own_part(context, template_name: str, **values) -> str:
    request = context.get("request")
    html = render_own_part(request, template_name, values)
    return mark_safe(mark_own_part(request, template_name, values, html))
