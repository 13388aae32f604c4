"""The map speaks the reader's language: countries named by CLDR (through Babel) in the table, the places
data the map's script draws, the GeoJSON and the member list's filter; places keep their own names."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.maps.figures import Audience, summary_for
from community.models import Membership
from tests.community.maps.helpers import geojson_url, map_url, member_on
from tests.community.maps.test_map import QUERIES
from tests.factories import PlaceFactory, client_for
from tests.languages import at

pytestmark = pytest.mark.django_db

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def world(condition):
    """Three people in Germany, four in the United States, five in Spain, three in Austria, and three
    in a country with a code CLDR does not know (GeoNames' Netherlands Antilles, AN), with their places."""
    towns = {
        "DE": PlaceFactory(name="München", country_code="DE", latitude=48.1, longitude=11.6),
        "US": PlaceFactory(name="Springfield", country_code="US", latitude=39.8, longitude=-89.6),
        "ES": PlaceFactory(name="València", country_code="ES", latitude=39.5, longitude=-0.4),
        "AT": PlaceFactory(name="Wien", country_code="AT", latitude=48.2, longitude=16.4),
        "AN": PlaceFactory(name="Willemstad", country_code="AN", latitude=12.1, longitude=-68.9),
    }
    people = {"DE": 3, "US": 4, "ES": 5, "AT": 3, "AN": 3}
    for code, count in people.items():
        for number in range(count):
            member_on(condition, f"{code.lower()}{number}", towns[code])
    return condition


def page_figures(response) -> dict:
    """The table's rows (name: people) and their order, in any language."""
    assert response.status_code == 200
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td class="number">(\d+)</td></tr>', response.content.decode())
    table = [(unescape(name), int(count)) for name, count in rows][:-1]  # the last row is the total
    return {"countries": dict(table), "order": [name for name, _count in table]}


def places_data(client, condition, **headers) -> dict:
    response = client.get(reverse("api:condition-map-places", args=[condition.slug]), **headers)
    assert response.status_code == 200
    return json.loads(response.content)


class TestTheTable:
    @pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
    def test_a_spanish_reader_reads_countries_in_spanish(self, world, charlie, signed_in):
        client = client_for(charlie) if signed_in else Client()
        countries = page_figures(client.get(at("es", map_url(world))))["countries"]
        assert countries["Alemania"] == 3
        assert countries["Estados Unidos"] == 4
        assert countries["España"] == 5
        assert "Germany" not in countries and "Spain" not in countries

    def test_a_german_reader_reads_them_in_german(self, world, charlie):
        countries = page_figures(client_for(charlie).get(at("de", map_url(world))))["countries"]
        assert countries["Spanien"] == 5
        assert countries["Vereinigte Staaten"] == 4

    def test_an_english_reader_reads_cldr_english(self, world, charlie):
        countries = page_figures(client_for(charlie).get(map_url(world)))["countries"]
        assert {"Germany", "United States", "Spain", "Austria"} <= set(countries)

    def test_a_code_cldr_does_not_know_keeps_the_gazetteers_english_name(self, world, charlie):
        countries = page_figures(client_for(charlie).get(at("es", map_url(world))))["countries"]
        assert countries["Netherlands Antilles"] == 3

    def test_sorted_by_country_follows_the_translated_names_without_minding_accents(self, world, charlie):
        order = page_figures(client_for(charlie).get(at("de", map_url(world) + "?sort=country")))["order"]
        # German: Deutschland, Netherlands Antilles (its English name), Österreich (as O), Spanien, Vereinigte Staaten
        assert order == ["Deutschland", "Netherlands Antilles", "Österreich", "Spanien", "Vereinigte Staaten"]
        order = page_figures(client_for(charlie).get(at("es", map_url(world) + "?sort=country")))["order"]
        assert order == ["Alemania", "Austria", "España", "Estados Unidos", "Netherlands Antilles"]

    def test_each_language_has_its_own_cached_table(self, world):
        client = Client()
        assert "Alemania" in page_figures(client.get(at("es", map_url(world))))["countries"]
        assert "Deutschland" in page_figures(client.get(at("de", map_url(world))))["countries"]
        assert "Germany" in page_figures(client.get(map_url(world)))["countries"]
        assert "Alemania" in page_figures(client.get(at("es", map_url(world))))["countries"]

    def test_the_publics_elsewhere_marker_names_the_country_in_the_readers_language(self, condition):
        town = PlaceFactory(name="Wien", country_code="AT", latitude=48.2, longitude=16.4, population=1_900_000)
        village = PlaceFactory(name="Hallstatt", country_code="AT", latitude=47.6, longitude=13.6, population=800)
        for number in range(3):
            member_on(condition, f"wien{number}", town)
        member_on(condition, "hallstatt", village)  # alone: folded into "Elsewhere in Austria"
        folded = places_data(Client(), condition, **DE)["folded"]
        with translation.override("de"):
            expected = translation.gettext("Elsewhere in %(country)s") % {"country": "Österreich"}
        assert [marker["label"] for marker in folded] == [expected]


class TestWhatTheMapsScriptReceives:
    def test_the_places_data_names_countries_in_the_readers_language_and_places_in_their_own(self, world):
        data = places_data(Client(), world, **ES)
        names = {country["code"]: country["name"] for country in data["countries"].values()}
        assert names["DE"] == "Alemania" and names["US"] == "Estados Unidos" and names["AN"] == "Netherlands Antilles"
        assert "München" in json.dumps(data, ensure_ascii=False)  # the city keeps its local name
        assert "Múnich" not in json.dumps(data, ensure_ascii=False)

    def test_the_geojson_follows_accept_language_too(self, world):
        data = json.loads(Client().get(geojson_url(world), **DE).content)
        names = {country["code"]: country["name"] for country in data["countries"].values()}
        assert names["ES"] == "Spanien"

    def test_each_language_has_its_own_cached_data(self, world):
        client = Client()
        for headers, germany in [(ES, "Alemania"), ({}, "Germany"), (DE, "Deutschland"), (ES, "Alemania")]:
            countries = places_data(client, world, **headers)["countries"].values()
            assert germany in {country["name"] for country in countries}

    def test_the_map_script_asks_for_its_data_in_the_pages_language(self):
        script = (Path(settings.BASE_DIR) / "static" / "js" / "condition-map.js").read_text()
        assert '"Accept-Language": document.documentElement.lang' in script

    @pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
    def test_naming_countries_costs_no_query(self, world, charlie, signed_in, django_assert_max_num_queries):
        client = client_for(charlie) if signed_in else Client()
        for kind, url in [("page", map_url(world)), ("places", reverse("api:condition-map-places", args=[world.slug]))]:
            with django_assert_max_num_queries(QUERIES[kind, signed_in]):
                assert client.get(at("es", url) if kind == "page" else url, **ES).status_code == 200


class TestTheMemberList:
    def test_the_country_filter_is_named_and_sorted_in_the_readers_language(self, world, charlie):
        html = client_for(charlie).get(at("de", reverse("condition_people", args=[world.slug]))).content.decode()
        select = re.search(r'<select id="people-country".*?</select>', html, re.DOTALL).group(0)
        options = [unescape(name) for name in re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]*)</option>', select)]
        assert options == ["Deutschland", "Netherlands Antilles", "Österreich", "Spanien", "Vereinigte Staaten"]


def test_the_summary_itself_is_named_when_read_not_when_counted(world):
    """The cached tally holds numbers only: the same cache serves each language its own names."""
    with translation.override("es"):
        spanish = {country.code: country.name for country in summary_for(world, Audience.MEMBERS).countries}
    with translation.override("de"):
        german = {country.code: country.name for country in summary_for(world, Audience.MEMBERS).countries}
    assert spanish["DE"] == "Alemania" and german["DE"] == "Deutschland"
    assert Membership.objects.filter(condition=world).count() == 18
