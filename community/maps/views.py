"""A condition's pages of members: its world map, for everyone (folded and suppressed for
visitors), and the list of its listed members, for signed-in members: only those who chose
`listed`, never anyone either side has blocked, filtered by country and role."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from community.limits import may_see_members, too_many_members
from community.maps.figures import Audience, audience_of, summary_for
from community.maps.render import rendered_map
from community.models import Block, Membership, Profile, Role
from community.places.countries import by_name, name_order
from conditions.models import Condition, can_preview, get_condition_or_404
from diseasemaps.http import require_safe
from diseasemaps.page_cache import cache_for_members, cache_for_visitors
from diseasemaps.paginators import CappedPaginator

TABLE_ORDERS = {  # the rows of the table by country; "Elsewhere in …" rows come last by name
    "people": lambda row: (-row.count, row.rank, name_order(row.name)),
    "country": lambda row: (row.rank, name_order(row.name)),
}
TABLE_TOP = 20  # rows shown before "Show all"
PEOPLE_PER_PAGE = 30
PEOPLE_LISTED = 600  # the pages list this many at most: then narrow down by country or role


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
@cache_for_visitors(Condition.objects.map_page_version, vary=table_order)
@cache_for_members(Condition.objects.map_page_version, vary=table_order, private=can_preview)
def condition_map(request, slug: str):
    condition = get_condition_or_404(slug, request.user)
    audience = audience_of(request.user)
    order = table_order(request)
    figures = cache(lambda: summary_for(condition, audience))
    rows = cache(lambda: sorted(figures().rows, key=TABLE_ORDERS[order]))
    roles = cache(lambda: figures().roles)
    context = {  # figures are worked out only when the page's cached fragment is rendered again
        "condition": condition,
        "figures": figures,
        "rows": lambda: rows()[:TABLE_TOP],
        "more_rows": lambda: rows()[TABLE_TOP:],
        "table_size": lambda: len(rows()),
        "order": order,
        "audience": audience,
        "role_rows": lambda: [(label.split(" (")[0], count) for _role, label, count in roles()],
        "age_rows": lambda: figures().ages,
        "largest_role": lambda: max((count for _role, _label, count in roles()), default=0),
        "largest_age": lambda: max((count for _band, count in figures().ages), default=0),
        "public": audience == Audience.PUBLIC,
        "map": cache(lambda: rendered_map(condition, audience, map_labels())),
    }
    return render(request, "community/maps/map.html", context)


@require_safe
@login_required
def people(request, slug: str):
    condition = get_condition_or_404(slug, request.user)
    country_names = {country.code: country.name for country in summary_for(condition, Audience.MEMBERS).countries}
    country = request.GET.get("country", "")
    role = request.GET.get("role", "")
    members = Membership.objects.listed_in(condition).select_related("member__place")
    if country in country_names:
        members = members.filter(country_code=country)
    if role in Role.values:
        members = members.filter(role=role)
    me = Profile.objects.filter(user=request.user).first()
    if me is not None:
        members = members.exclude(member__in=[me.pk, *Block.objects.hidden_from(me)])
    page = CappedPaginator(members, PEOPLE_PER_PAGE, cap=PEOPLE_LISTED).get_page(request.GET.get("page"))
    if not may_see_members(request.user, len(page.object_list)):
        return too_many_members(request)
    context = {
        "condition": condition,
        "page": page,
        "countries": by_name(country_names),
        "roles": Role.choices,
        "country": country if country in country_names else "",
        "role": role if role in Role.values else "",
    }
    return render(request, "community/maps/people.html", context)
