"""What the places tests share: the gazetteer's ids, searching, and a fake Nominatim."""

from __future__ import annotations

import hashlib

from django.test import Client
from django.urls import reverse
from geopy.location import Location
from geopy.point import Point

from conditions.text import fold

PUBLIC_FIELDS = {"id", "name", "region", "country", "country_code", "label"}
VALENCIA_ES = 2509954
VALENCIA_VE = 3625549
MUNICH = 2867714
SAO_PAULO = 3448439
VALDEMORO = 3106050


def search(client: Client, query: str | None, **meta):
    """GET /api/places/?q=query; `meta` sets request.META (REMOTE_ADDR, HTTP_X_FORWARDED_FOR...)."""
    params = {} if query is None else {"q": query}
    return client.get(reverse("api:places"), params, **meta)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()]


class FakeNominatim:
    """Plays OpenStreetMap: answers every query with `answer`, or raises `error`; counts calls."""

    def __init__(self, answer: Location | None = None, error: Exception | None = None):
        self.answer = answer
        self.error = error
        self.calls: list[tuple[str, dict]] = []

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        if self.error is not None:
            raise self.error
        return self.answer


def near_valdemoro() -> Location:
    """What Nominatim might answer for a street in Valdemoro: a raw point, not a gazetteer place."""
    return Location("Calle Real, Valdemoro, Comunidad de Madrid, España", Point(40.2, -3.7), {"place_id": 123})


def nominatim_cache_key(query: str) -> str:
    return "geocoder:nominatim:" + hashlib.sha256(fold(query).encode()).hexdigest()
