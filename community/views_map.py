"""The world map page of a condition, and the profile page of a member found on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from community.figures import Audience, audience_of, summary_for
from community.limits import may_see_members
from community.maps import rendered_map
from community.models import Profile, get_visible_profile_or_404
from community.models.connections import Block, Connection
from conditions.models import Condition, get_condition_or_404
from diseasemaps.http import require_safe
from diseasemaps.page_cache import cache_for_visitors

TABLE_ORDERS = {  # the rows of the table by country; "Elsewhere in …" rows come last by name
    "people": lambda row: (-row.count, row.rank, row.name),
    "country": lambda row: (row.rank, row.name),
}
TABLE_TOP = 20  # rows shown before "Show all"


def table_order(request) -> str:
    """The country table's order: by people (default) or by country name."""
    order = request.GET.get("sort", "")
    return order if order in TABLE_ORDERS else "people"


def map_labels() -> dict[str, str]:
    """Words the map's script shows, translated here."""
    return {
        "places": _("Places"),
        "person": _("1 person"),
        "people": _("{count} people"),
        "listed": _("Members you can contact here"),
        "place": _("Place"),
        "noneListed": _("Nobody here has chosen to be named."),
        "signIn": _("Log in to see who is here."),
        "loading": _("Loading…"),
        "loadFailed": _("The members of this place could not be loaded."),
        "more": _("Show more"),
        "profile": _("Profile"),
        "connect": _("Connect"),
        "countries": _("People by country"),
        "legend": _("People per country"),
        "mapLoadFailed": _("The map data could not be loaded. The table below has the same figures."),
    }


@require_safe
@cache_for_visitors(Condition.objects.content_version, vary=table_order)
def condition_map(request, slug: str):
    condition = get_condition_or_404(slug, request.user)
    audience = audience_of(request.user)
    summary = summary_for(condition, audience)
    order = table_order(request)
    rows = sorted(summary.rows, key=TABLE_ORDERS[order])
    context = {
        "condition": condition,
        "figures": summary,
        "rows": rows[:TABLE_TOP],
        "more_rows": rows[TABLE_TOP:],
        "table_size": len(rows),
        "order": order,
        "role_rows": [(label.split(" (")[0], count) for _role, label, count in summary.roles],
        "age_rows": summary.ages,
        "largest_role": max((count for _role, _label, count in summary.roles), default=0),
        "largest_age": max((count for _band, count in summary.ages), default=0),
        "public": audience == Audience.PUBLIC,
        "map": rendered_map(condition, audience, map_labels()),
    }
    return render(request, "community/map.html", context)


def too_many_members(request):
    message = _("To protect members, the number of members one can see in an hour is limited. Try later.")
    return render(request, "429.html", {"message": message}, status=429)


@require_safe
@login_required
def member(request, public_id):
    """A member's profile, for signed-in members, if that member chose to be listed."""
    profile = get_visible_profile_or_404(public_id, request.user)
    if profile.user_id != request.user.pk and not may_see_members(request.user):
        return too_many_members(request)
    memberships = profile.memberships.filter(condition__is_published=True).select_related("condition")
    me = Profile.objects.filter(user=request.user).first()
    mine = me is not None and me.pk != profile.pk
    context = {
        "profile": profile,
        "memberships": memberships,
        "me": me,
        "connection": Connection.objects.between(me, profile).first() if mine else None,
        "blocked": mine and Block.objects.filter(blocker=me, blocked=profile).exists(),
    }
    return render(request, "community/member.html", context)
