"""The members of a condition, for signed-in members: only those who chose `listed`, never anyone
either side has blocked, filtered by country and role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from community.figures import Audience, summary_for
from community.limits import may_see_members
from community.models import Membership, Profile, Role
from community.models.connections import Block
from community.views_map import too_many_members
from conditions.models import get_condition_or_404
from diseasemaps.http import require_safe

PEOPLE_PER_PAGE = 30


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
    page = Paginator(members, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    if not may_see_members(request.user, len(page.object_list)):
        return too_many_members(request)
    context = {
        "condition": condition,
        "page": page,
        "countries": sorted(country_names.items(), key=lambda item: item[1]),
        "roles": Role.choices,
        "country": country if country in country_names else "",
        "role": role if role in Role.values else "",
    }
    return render(request, "community/people.html", context)
