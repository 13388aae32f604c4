"""Countries are named in the reader's language (CLDR, through Babel) wherever a place is shown: the place
search, the country list of the place picker, a member's profile; places keep their own names."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from community.places.countries import by_name, country_name, names_match
from community.places.geocoding import GazetteerGeocoder
from community.places.search import country_choices, forget_countries
from tests.community.places.helpers import search
from tests.factories import PlaceFactory, client_for, make_member
from tests.languages import at


class TestCountryName:
    @pytest.mark.parametrize(
        ("language", "code", "name"),
        [
            ("es", "DE", "Alemania"),
            ("es", "US", "Estados Unidos"),
            ("de", "ES", "Spanien"),
            ("fr", "DE", "Allemagne"),
            ("ca", "ES", "Espanya"),
            ("it", "US", "Stati Uniti"),
            ("pt", "DE", "Alemanha"),
            ("en", "DE", "Germany"),
        ],
    )
    def test_each_site_language_names_countries_its_own_way(self, language, code, name):
        assert country_name(code, language) == name

    def test_the_active_language_is_the_default(self):
        with translation.override("es"):
            assert country_name("DE") == "Alemania"
        with translation.override("de"):
            assert country_name("ES") == "Spanien"

    def test_a_code_cldr_does_not_know_keeps_the_gazetteers_english_name(self):
        assert country_name("AN", "es") == "Netherlands Antilles"
        assert country_name("CS", "de") == "Serbia and Montenegro"

    @pytest.mark.parametrize("code", ["XY", "", "<script>", "es", "001", "\x00"])
    def test_an_unknown_or_forged_code_shows_as_itself(self, code):
        assert country_name(code, "es") == code

    @pytest.mark.parametrize("language", ["xx", "es-ES", "pt-br", "\x00", "<script>"])
    def test_an_odd_language_still_names_countries(self, language):
        assert country_name("DE", language) in {"Germany", "Alemania", "Alemanha"}

    def test_sorting_follows_the_readers_names_without_minding_case_or_accents(self):
        codes = ["US", "AT", "DE", "ES", "AX"]
        assert [name for _code, name in by_name(codes, "de")] == [
            "Ålandinseln",
            "Deutschland",
            "Österreich",
            "Spanien",
            "Vereinigte Staaten",
        ]
        assert [name for _code, name in by_name(codes, "es")][:3] == ["Alemania", "Austria", "España"]

    def test_a_place_query_matches_the_country_in_the_readers_language_in_english_or_by_code(self):
        with translation.override("es"):
            assert names_match("ES", "espana") and names_match("ES", "spain") and names_match("ES", "es")
            assert not names_match("ES", "alemania")


@pytest.mark.django_db
class TestPlaces:
    def test_the_place_search_labels_the_country_in_the_readers_language_and_the_city_in_its_own(self, client, places):
        rows = search(client, "munich", HTTP_ACCEPT_LANGUAGE="es").json()
        assert rows[0]["name"] == "Munich" and rows[0]["country"] == "Alemania"
        assert rows[0]["label"] == "Munich, Alemania"
        rows = search(client, "valencia", HTTP_ACCEPT_LANGUAGE="de").json()
        assert [row["label"] for row in rows] == ["Valencia, Spanien", "Valencia, Venezuela"]

    def test_the_place_pickers_country_list_is_named_and_sorted_in_the_readers_language(self, places):
        PlaceFactory(name="Wien", country_code="AT")
        forget_countries()
        with translation.override("de"):
            assert [name for _code, name in country_choices()] == [
                "Brasilien",
                "Deutschland",
                "Österreich",
                "Spanien",
                "Venezuela",
            ]
        with translation.override("es"):
            assert [name for _code, name in country_choices()] == [
                "Alemania",
                "Austria",
                "Brasil",
                "España",
                "Venezuela",
            ]

    def test_the_profile_page_picker_offers_countries_in_the_readers_language(self, alice, places):
        html = client_for(alice).get(at("es", reverse("community:profile"))).content.decode()
        assert '<option value="ES" selected>España</option>' in html
        assert '<option value="DE">Alemania</option>' in html

    def test_a_members_page_names_their_country_in_the_readers_language(self, alice, bob, places):
        munich = make_member("hans", "Hans", places["munich"])
        response = client_for(alice).get(at("es", reverse("community:member", args=[munich.public_id])))
        html = unescape(response.content.decode())
        assert re.search(r"Munich, Alemania", html)

    def test_geocoding_understands_the_country_in_the_readers_language(self, places):
        with translation.override("es"):
            location = GazetteerGeocoder().geocode("Valencia, Venezuela")
            assert location.raw["country_code"] == "VE"
            location = GazetteerGeocoder().geocode("Valencia, España")
            assert location.raw["country_code"] == "ES" and location.raw["country"] == "España"
        assert GazetteerGeocoder().geocode("Valencia, Spain").raw["country_code"] == "ES"
