from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext_lazy

from community.answers.forms import AnswerForm
from community.maps.caching import MAP_VERSION_SECONDS, versioned_key
from community.maps.figures import POOLED_ROLES, Audience, audience_of, summary_for
from community.maps.kept import first_markers
from community.models import ROLE_COUNTS, Membership
from conditions.models import Answer

register = template.Library()


POOLED_ROLES_COUNT = ngettext_lazy(
    "%(count)s person in roles counted together", "%(count)s people in roles counted together", "count"
)


@register.simple_tag
def role_count(role: str, count: int) -> SafeString:
    """ "3 people with the condition", in the language's plural, with the number in bold."""
    phrases = POOLED_ROLES_COUNT if role == POOLED_ROLES else ROLE_COUNTS[role]
    phrase = str(phrases % {"count": count})
    before, number, after = phrase.partition(str(count))
    return format_html("{}<strong>{}</strong>{}", before, number, after) if number else conditional_escape(phrase)


@register.inclusion_tag("community/answers/_answer_box.html", takes_context=True)
def answer_box(context, question) -> dict:
    """Where a question's page invites an answer: the form for members of its condition (with
    their answer, to edit), an invitation to join for everybody else."""
    user = context["user"]
    box = {"question": question, "condition": question.condition, "user": user, "request": context.get("request")}
    if not user.is_authenticated:
        return {**box, "state": "visitor"}
    if Membership.objects.answering(user, question) is None:
        return {**box, "state": "outsider"}
    mine = Answer.objects.filter(question=question, author=user).first()
    return {**box, "state": "member", "mine": mine, "form": AnswerForm(instance=mine, question=question)}


@register.simple_tag
def my_membership(condition, user) -> Membership | None:
    """The viewer's own membership of this condition, to tell them how they appear on its map."""
    return Membership.objects.own(condition, user)


PREVIEW_DOTS = 150


@register.filter
def audience(user) -> Audience:
    """The audience this user belongs to, which keys the map's cached fragments."""
    return audience_of(user)


@register.simple_tag
def map_summary(condition, user):
    """The map's figures as this user may see them: the total, by country, role and age (counted
    once per map version)."""
    return summary_for(condition, audience_of(user))


@register.inclusion_tag("community/maps/_map_preview.html")
def map_preview(condition) -> dict:
    """A small static world map with the largest of the public's markers as dots (no names,
    small groups folded into their country), cached per map version."""
    key = versioned_key("preview-svg", condition.pk, condition.map_version)  # HTML, not the dots of before
    circles = cache.get(key)
    if circles is None:
        circles = preview_circles(preview_dots(condition))
        cache.set(key, circles, MAP_VERSION_SECONDS)
    return {"condition": condition, "circles": SafeString(circles)}


def preview_circles(dots: list[dict]) -> str:
    """The dots as SVG circles, their numbers as Python writes them: the template language would
    localize each (a decimal comma in some languages) at a cost of 150 dots times three."""
    return str(
        format_html_join(
            "",
            '<circle class="map-preview__dot" cx="{}" cy="{}" r="{}"></circle>',
            ((str(dot["x"]), str(dot["y"]), str(dot["r"])) for dot in dots),
        )
    )


def preview_dots(condition) -> list[dict]:
    markers = first_markers(condition, Audience.PUBLIC, PREVIEW_DOTS)
    largest = max((marker.count for marker in markers), default=1)
    return [
        {
            "x": round(marker.longitude + 180, 1),
            "y": round(90 - marker.latitude, 1),
            "r": round(1.2 + 3.3 * (marker.count / largest) ** 0.5, 1),
        }
        for marker in markers
    ]
