"""The geocoders: the gazetteer's, Nominatim's snapped to the gazetteer and cached, and the geocode command.

No test here touches the network (see conftest.py): Nominatim is played by a fake with a `geocode` method."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from geopy.exc import GeocoderServiceError, GeocoderTimedOut
from geopy.geocoders import Nominatim
from geopy.location import Location
from geopy.point import Point

from community.places.geocoding import NOMINATIM_SLOT_KEY, GazetteerGeocoder, NominatimGeocoder, get_geocoder
from tests.community.places.helpers import (
    MUNICH,
    SAO_PAULO,
    VALDEMORO,
    VALENCIA_ES,
    VALENCIA_VE,
    FakeNominatim,
    near_valdemoro,
    nominatim_cache_key,
)
from tests.factories import PlaceFactory

# --- GazetteerGeocoder ------------------------------------------------------------------------


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


# --- NominatimGeocoder ------------------------------------------------------------------------


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


# --- the geocode command ----------------------------------------------------------------------


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
