"""The map's pickled cache entries (the tally of members, the map's JSON data) after a deploy: an
entry the previous code wrote is never read, so that a moved or changed class cannot break the map,
and an entry that cannot be loaded any more counts as a miss."""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.translation import get_language

from community.maps import caching
from community.maps.figures import Audience, Tally
from community.maps.render import Payload

pytestmark = pytest.mark.django_db

BOGUS_TALLY = Tally({("FR", "patient"): 999}, {30: 999})
BOGUS_PLACES = Payload.of({"bogus": "written by the previous deploy"}, "application/json")


def stamp(condition) -> str:
    """The condition's map version, which the keys carry: joining its map moves it."""
    condition.refresh_from_db(fields=["map_version"])
    return str(condition.map_version)


def previous_tally_key(condition) -> str:
    """The tally's key as the code before issue 12 wrote it."""
    return f"map-tally:{condition.pk}:{stamp(condition)}"


def previous_payload_key(kind: str, condition) -> str:
    """A payload's key as the code before issue 12 wrote it."""
    return f"map-{kind}:{condition.pk}:{stamp(condition)}:{Audience.PUBLIC}:{get_language()}"


def map_page(condition):
    return Client().get(reverse("condition_map", args=[condition.slug]))


def map_places(condition) -> dict:
    response = Client().get(reverse("api:condition-map-places", args=[condition.slug]))
    assert response.status_code == 200
    return response.json()


def put_unloadable(key: str) -> None:
    """Store, under `key`, a pickle of a Tally whose class lives where the previous deploy had it: in
    the module `figures` at the top of community/, which no longer exists."""
    previous_module = b"community" + b".figures"  # spelled so that no rename of imports rewrites it
    moved = pickle.dumps(BOGUS_TALLY, protocol=0).replace(Tally.__module__.encode(), previous_module)
    internal_key = cache.make_key(key)
    if hasattr(cache._cache, "get_client"):  # Redis (REDIS_URL): the bytes as they are, as the backend stores a pickle
        cache._cache.get_client(internal_key, write=True).set(internal_key, moved)
    else:  # locmem
        cache._cache[internal_key] = moved
        cache._expire_info[internal_key] = None


def test_the_map_never_reads_the_entries_of_the_previous_deploy(condition, members):
    expected_places = map_places(condition)
    cache.clear()
    cache.set(previous_tally_key(condition), BOGUS_TALLY)
    cache.set(previous_payload_key("places", condition), BOGUS_PLACES)
    cache.set(previous_payload_key("geojson", condition), BOGUS_PLACES)

    page = map_page(condition)

    assert page.status_code == 200
    assert page.context["figures"]().total == 2
    assert 'data-total="2"' in page.content.decode()
    html = page.content.decode()
    assert ">999<" not in html and "France" not in html  # the bogus tally's figure (ids may hold "999")
    assert map_places(condition) == expected_places


def test_the_cache_keys_carry_the_cache_version(condition, members, monkeypatch):
    monkeypatch.setattr(caching, "CACHE_VERSION", 77)
    map_page(condition)
    map_places(condition)

    tally = cache.get(f"map-tally:v77:{condition.pk}:{stamp(condition)}")
    assert tally is not None
    assert sum(tally.by_country_and_role.values()) == 2
    places = cache.get(f"map-places:v77:{condition.pk}:{stamp(condition)}:{Audience.PUBLIC}:{get_language()}")
    assert isinstance(places, Payload)
    assert cache.get(previous_tally_key(condition)) is None
    assert cache.get(previous_payload_key("places", condition)) is None


def test_bumping_the_version_leaves_the_older_entries_unread(condition, members, monkeypatch):
    monkeypatch.setattr(caching, "CACHE_VERSION", 77)
    cache.set(f"map-tally:v77:{condition.pk}:{stamp(condition)}", BOGUS_TALLY)
    monkeypatch.setattr(caching, "CACHE_VERSION", 78)

    assert map_page(condition).context["figures"]().total == 2


def test_an_entry_that_cannot_be_loaded_counts_as_a_miss(condition, members):
    key = caching.versioned_key("tally", condition.pk, stamp(condition))
    put_unloadable(key)
    with pytest.raises(ImportError):
        cache.get(key)

    page = map_page(condition)

    assert page.status_code == 200
    assert page.context["figures"]().total == 2
    assert sum(cache.get(key).by_country_and_role.values()) == 2  # rewritten by the new code
