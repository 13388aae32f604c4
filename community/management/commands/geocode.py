from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from community.places.geocoding import get_geocoder


class Command(BaseCommand):
    help = "Find the gazetteer place for a text, with the configured geocoder (GEOCODER setting)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("query", help='A place, for example "Valencia" or "Valencia, Venezuela".')

    def handle(self, *args, query: str, **options) -> None:
        location = get_geocoder().geocode(query)
        if location is None:
            raise CommandError(f"No place found for {query!r}.")
        raw = location.raw
        self.stdout.write(f"{location.address} (id {raw['geonameid']}, population {raw['population']:,})")
