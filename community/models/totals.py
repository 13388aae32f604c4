"""The site's figures kept as memberships change, so that no page counts members: how many people
are on at least one published map (MapTotals, one row), beside each condition's `map_people`.

Each profile carries `on_a_map`, whether it counted the last time its memberships changed: the
change of that flag, under a lock on the profile's row, is what moves the total, in the same
transaction as the membership. Bulk inserts (demo members) send no signals: they call recount_all()."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from community.models import map_counts
from community.models.members import Membership, Profile
from conditions.models import Condition

TOTALS_ROW = 1


class MapTotals(models.Model):
    """One row: the people counted on at least one published condition's map."""

    people = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.people} people in the maps"


def counted_on_a_published_map() -> Exists:
    counted = Membership.objects.counted().filter(member_id=OuterRef("pk"), condition__is_published=True)
    return Exists(counted)


def people_in_maps() -> int:
    people = MapTotals.objects.filter(pk=TOTALS_ROW).values_list("people", flat=True).first()
    return recount_people() if people is None else people


def add_people(change: int) -> None:
    if change and not MapTotals.objects.filter(pk=TOTALS_ROW).update(people=F("people") + change):
        recount_people()


def recount_person(profile_id: int) -> None:
    """Whether this member now counts on a published map; move the total if that changed."""
    with transaction.atomic():
        was = Profile.objects.select_for_update().filter(pk=profile_id).values_list("on_a_map", flat=True).first()
        if was is None:
            return
        now = Profile.objects.filter(pk=profile_id).filter(counted_on_a_published_map()).exists()
        if now != was:
            Profile.objects.filter(pk=profile_id).update(on_a_map=now)
            add_people(1 if now else -1)


def recount_people() -> int:
    """Every profile's flag and the total, afresh: after bulk inserts, or a condition (un)published."""
    with transaction.atomic():
        # Only the flags that change are written: rewriting a million rows that stay as they were
        # (after a bulk insert that set them) would cost minutes.
        Profile.objects.filter(on_a_map=False).filter(counted_on_a_published_map()).update(on_a_map=True)
        Profile.objects.filter(on_a_map=True).filter(~counted_on_a_published_map()).update(on_a_map=False)
        people = Profile.objects.filter(on_a_map=True).count()
        MapTotals.objects.update_or_create(pk=TOTALS_ROW, defaults={"people": people})
    return people


def recount_all(conditions=None) -> None:
    """Each condition's count of people, its map's counts (map_counts.recount: by place, country and
    role, and age) and the site's total, afresh, and the maps moved."""
    conditions = Condition.objects.all() if conditions is None else conditions
    with transaction.atomic():
        recount_conditions(conditions)
    recount_people()


def recount_conditions(conditions) -> None:
    counted = (
        Membership.objects.counted()
        .filter(condition=OuterRef("pk"))
        .order_by()
        .values("condition")
        .annotate(people=Count("pk"))
        .values("people")
    )
    conditions.update(map_people=Coalesce(Subquery(counted), 0))
    conditions.move_map(afresh=True)
    map_counts.recount(conditions, Membership.objects.counted())  # after the UPDATEs: the rows are held
