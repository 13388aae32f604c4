"""Places: the autocomplete's search and its API, odd queries, its cost and its throttle.

No test here touches the network (see conftest.py).
"""

from __future__ import annotations

import json
import re

import factory
import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from community.members.forms import PlaceWidget
from community.models import Place, PlaceName
from community.places.search import MAX_QUERY_LENGTH, RESULTS, search_places
from tests.community.places.helpers import (
    MUNICH,
    PUBLIC_FIELDS,
    SAO_PAULO,
    VALDEMORO,
    VALENCIA_ES,
    VALENCIA_VE,
    ids,
    search,
)
from tests.factories import PlaceFactory

# --- search_places and /api/places/ ----------------------------------------------------------


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

    def test_the_country_list_is_read_once_and_follows_new_and_deleted_places(self, db, django_assert_num_queries):
        PlaceFactory(name="Getafe", country_code="ES")
        widget = PlaceWidget()
        assert country_codes_offered(widget) == ["ES"]
        with django_assert_num_queries(0):  # no walk through every place on every profile page
            assert country_codes_offered(widget) == ["ES"]
        lisbon = PlaceFactory(name="Lisboa", country_code="PT")
        assert country_codes_offered(widget) == ["PT", "ES"]  # Portugal, Spain: by name
        lisbon.delete()
        assert country_codes_offered(widget) == ["ES"]

    def test_only_the_chosen_country_is_selected_and_a_forged_one_selects_none(self, db):
        PlaceFactory(name="Getafe", country_code="ES")
        PlaceFactory(name="Lisboa", country_code="PT")
        widget = PlaceWidget()
        widget.chosen_country = "PT"
        assert re.findall(r'<option value="(\w+)" selected>', widget.render("place", None, {"id": "p"})) == ["PT"]
        for forged in ('">', "<s", "XX"):
            widget.chosen_country = forged
            assert " selected>" not in widget.render("place", None, attrs={"id": "p"})


def country_codes_offered(widget: PlaceWidget) -> list[str]:
    html = widget.render("place", None, attrs={"id": "id_place"})
    country_list = re.search(r'<select id="id_place_country".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([A-Z]{2})"', country_list)


# --- odd queries and methods ------------------------------------------------------------------


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


# --- query count ------------------------------------------------------------------------------


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


# --- throttling -------------------------------------------------------------------------------


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
