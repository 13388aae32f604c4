"""geopy geocoders that only ever answer with gazetteer places, never with a raw point.

- `GazetteerGeocoder` (the default) works offline over the Place table.
- `NominatimGeocoder` (GEOCODER=nominatim) asks OpenStreetMap, at most once a second across all
  processes, with a timeout and a cache, snaps the answer to the nearest gazetteer place, and
  falls back to the gazetteer on any error. Nothing in sign-up calls it: the autocomplete and
  the forms only use the gazetteer.
"""

from __future__ import annotations

import hashlib
import logging
import math

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from geopy.distance import distance
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from community.models import Place
from community.places.countries import names_match
from community.places.search import search_places
from conditions.text import fold

logger = logging.getLogger(__name__)

SEARCH_BOXES_DEGREES = (0.5, 2, 8, 30, 180)
NOMINATIM_CACHE_SECONDS = 30 * 24 * 3600
NOMINATIM_SLOT_KEY = "geocoder:nominatim:slot"


def to_location(place: Place) -> Location:
    raw = {
        "geonameid": place.geonameid,
        "name": place.name,
        "region": place.region,
        "country": place.country,
        "country_code": place.country_code,
        "population": place.population,
    }
    return Location(place.label, Point(place.latitude, place.longitude), raw)


class GazetteerGeocoder(Geocoder):
    """Offline geocoding over the gazetteer: "Valencia" or "Valencia, Venezuela"."""

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None, limit: int = 10):
        name, _, country = (part.strip() for part in str(query).partition(","))
        places = search_places(name, limit=200 if country else limit)
        if country:
            wanted = fold(country)
            places = [place for place in places if names_match(place.country_code, wanted)]
        locations = [to_location(place) for place in places[:limit]]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        """The nearest gazetteer place to a point (used to snap other geocoders' answers)."""
        point = Point(query)
        for degrees in SEARCH_BOXES_DEGREES:
            found = list(Place.objects.filter(box_around(point, degrees, degrees)))
            if found:
                break
        else:
            return None
        # The nearest place in that box need not be the nearest of all: look again in a box that
        # holds the whole circle through the nearest place found so far.
        radius_km = min(kilometres(point, place) for place in found)
        latitude_degrees = radius_km / KM_PER_DEGREE + 0.01
        widest = math.cos(math.radians(min(89.9, abs(point.latitude) + latitude_degrees)))
        nearby = list(Place.objects.filter(box_around(point, latitude_degrees, latitude_degrees / widest)))
        nearby.sort(key=lambda place: kilometres(point, place))
        locations = [to_location(place) for place in nearby]
        return locations[0] if exactly_one else locations


KM_PER_DEGREE = 110.5  # a degree of latitude is 110.6 to 111.7 km: the smaller, the safer


def kilometres(point: Point, place: Place) -> float:
    return distance(point, (place.latitude, place.longitude)).km


def box_around(point: Point, latitude_degrees: float, longitude_degrees: float) -> Q:
    """Places within these degrees of a point, across the ±180° meridian too."""
    latitude = Q(latitude__range=(point.latitude - latitude_degrees, point.latitude + latitude_degrees))
    if longitude_degrees >= 180:
        return latitude
    west, east = point.longitude - longitude_degrees, point.longitude + longitude_degrees
    if west < -180:
        longitude = Q(longitude__gte=west + 360) | Q(longitude__lte=east)
    elif east > 180:
        longitude = Q(longitude__gte=west) | Q(longitude__lte=east - 360)
    else:
        longitude = Q(longitude__range=(west, east))
    return latitude & longitude


class NominatimGeocoder(Geocoder):
    """OpenStreetMap's Nominatim, rate-limited, cached and snapped to the gazetteer."""

    def __init__(self, nominatim: Geocoder | None = None, gazetteer: GazetteerGeocoder | None = None):
        super().__init__()
        self.nominatim = nominatim or Nominatim(
            user_agent=settings.GEOCODER_USER_AGENT, timeout=settings.GEOCODER_TIMEOUT
        )
        self.gazetteer = gazetteer or GazetteerGeocoder()
        self._remote_geocode = RateLimiter(
            self.nominatim.geocode, min_delay_seconds=1, max_retries=0, swallow_exceptions=False
        )

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        key = "geocoder:nominatim:" + hashlib.sha256(fold(str(query)).encode()).hexdigest()
        geonameid = cache.get(key)
        if geonameid is None:
            geonameid = self._ask_nominatim(query)
            if geonameid is not None:
                cache.set(key, geonameid, NOMINATIM_CACHE_SECONDS)
        place = Place.objects.filter(pk=geonameid).first() if geonameid else None
        if place is None:
            return self.gazetteer.geocode(query, exactly_one=exactly_one)
        return to_location(place) if exactly_one else [to_location(place)]

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        return self.gazetteer.reverse(query, exactly_one=exactly_one)

    def _ask_nominatim(self, query: str) -> int | None:
        """The geonameid of the gazetteer place nearest to Nominatim's answer; 0 if it has none;
        None if it could not be asked (busy this second, or any error): then nothing is cached."""
        if not cache.add(NOMINATIM_SLOT_KEY, 1, timeout=1):
            return None  # another process used this second's request: do not wait
        try:
            found = self._remote_geocode(query, exactly_one=True)
        except Exception:  # any failure of the remote service falls back to the gazetteer
            logger.warning("Nominatim failed for a query; using the gazetteer instead", exc_info=True)
            return None
        if found is None:
            return 0
        nearest = self.gazetteer.reverse((found.latitude, found.longitude))
        return nearest.raw["geonameid"] if nearest else 0


def get_geocoder() -> Geocoder:
    return NominatimGeocoder() if settings.GEOCODER == "nominatim" else GazetteerGeocoder()
