"""The world map of a condition: the table's order, costs that follow places (not members), escaping,
and the API schema."""

from __future__ import annotations

import gzip
import json
import re
import time

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.demo import create_demo_members
from community.maps.figures import Audience
from community.models import Membership, Profile
from conditions.models import Condition
from tests.community.maps.helpers import (
    EVIL_NAME,
    EVIL_PLACE,
    figures_for,
    geojson_url,
    map_url,
    member_on,
    members_url,
    on_map,
    page_figures,
)
from tests.factories import PlaceFactory, client_for, make_member

pytestmark = pytest.mark.django_db


# 4. Costs follow places, not members -----------------------------------------------------------

# Measured on SQLite, the same for 1,000 and for 10,000 members (and for 1,001 and 10,001 here):
# - uncached map page, anonymous: 6 queries = the condition's content version (page cache), the
#   condition, the three aggregates (members by place, by role, by age at diagnosis), and the
#   country anchors (for the folded "Elsewhere in Iceland" marker);
# - uncached GeoJSON or compact places data, anonymous: 5 queries = the same minus the content version;
# - signed in, page, GeoJSON and places data alike: 6 queries = the session, its user, the condition and the
#   three aggregates (members never fold, so no anchors).
QUERIES = {
    ("page", False): 6,
    ("geojson", False): 5,
    ("places", False): 5,
    ("page", True): 6,
    ("geojson", True): 6,
    ("places", True): 6,
}
PLACE_COUNTRIES = ["ES", "DE", "BR", "VE", "FR", "IT", "US", "MX", "AR", "PT"]


def queries_for(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_map_queries_do_not_grow_with_members(condition, charlie, django_assert_max_num_queries, signed_in):
    towns = [
        PlaceFactory(
            name=f"Town {number}",
            country_code=PLACE_COUNTRIES[number % len(PLACE_COUNTRIES)],
            latitude=-40 + number,
            longitude=-60 + 2 * number,
            population=10_000 * (number + 1),
        )
        for number in range(50)
    ]
    villages = [
        PlaceFactory(name=f"Village {number}", country_code="IS", latitude=64 + number, longitude=-20, population=900)
        for number in range(2)
    ]
    islanders = [make_member(f"islander{number}", f"Islander {number}", villages[number % 2]) for number in range(4)]
    for islander in islanders:  # 2 in each village: folded into "Elsewhere in Iceland" for the public
        on_map(islander, condition)
    client = client_for(charlie) if signed_in else Client()
    urls = {
        "page": map_url(condition),
        "geojson": geojson_url(condition),
        "places": reverse("api:condition-map-places", args=[condition.slug]),
    }
    measured = {}
    for size in (1_000, 10_000):
        started = time.monotonic()
        create_demo_members(size - Membership.objects.filter(condition=condition).count() + 4, [condition], seed=7)
        print(f"{size:,} demo members made in {time.monotonic() - started:.1f} s")
        # Demo members go to any place: keep the islanders alone.
        Profile.objects.filter(place__in=villages).exclude(pk__in=[islander.pk for islander in islanders]).update(
            place=towns[0]
        )
        Membership.objects.filter(condition=condition).copy_profiles()  # a bulk update sends no signal
        Condition.objects.filter(pk=condition.pk).touch()
        assert Membership.objects.filter(condition=condition).count() == size + 4
        measured[size] = {kind: queries_for(client, url) for kind, url in urls.items()}
        figures = figures_for(Condition.objects.get(pk=condition.pk), Audience.PUBLIC)
        assert "country-IS" in {marker.key for marker in figures.markers}
        assert len(figures.markers) <= 51
        assert figures.total > 0.9 * size  # about 5% of demo members are hidden
    print(f"queries: {measured}")
    assert measured[1_000] == measured[10_000]
    for kind, url in urls.items():
        cache.clear()
        with django_assert_max_num_queries(QUERIES[kind, signed_in]):
            assert client.get(url).status_code == 200


# 5. Escaping ------------------------------------------------------------------------------------


@pytest.fixture
def evil(places, condition):
    """A member named like an HTML tag, living (with two others) in a place named like a script."""
    villa = PlaceFactory(name=EVIL_PLACE, country_code="ES", latitude=41.0, longitude=-4.0, population=1_000)
    profile = make_member("evil", EVIL_NAME, villa)
    on_map(profile, condition)
    member_on(condition, "neighbour1", villa)
    member_on(condition, "neighbour2", villa)
    return {"profile": profile, "place": villa}


def table_html(html: str) -> str:
    return re.search(r'<table class="figures-table">.*?</table>', html, re.S).group(0)


class TestEscaping:
    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_the_map_page_and_its_table_never_carry_member_text_unescaped(self, evil, charlie, condition, signed_in):
        client = client_for(charlie) if signed_in else Client()
        for url in (map_url(condition), map_url(condition) + "?sort=country"):
            html = client.get(url).content.decode()
            for text in (html, table_html(html)):
                assert EVIL_NAME not in text
                assert "<img src=x" not in text
                assert "<script>alert" not in text
                assert "onerror=alert" not in text
            assert page_figures(client.get(url))["total"] == 3

    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_the_geojson_carries_the_place_name_as_data(self, evil, charlie, condition, signed_in):
        client = client_for(charlie) if signed_in else Client()
        response = client.get(geojson_url(condition))
        assert response["Content-Type"] == "application/geo+json"
        assert response["X-Content-Type-Options"] == "nosniff"
        data = json.loads(response.content)
        (feature,) = data["features"]
        assert feature["properties"]["label"] == EVIL_PLACE
        assert feature["properties"]["place"] == evil["place"].pk
        assert EVIL_NAME not in response.content.decode()

    def test_the_geojson_is_gzipped_when_asked(self, evil, client, condition):
        response = client.get(geojson_url(condition), HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        data = json.loads(gzip.decompress(response.content))
        assert data["features"][0]["properties"]["label"] == EVIL_PLACE

    def test_the_members_endpoint_returns_the_name_as_a_json_string(self, evil, charlie, condition):
        response = client_for(charlie).get(members_url(condition, evil["place"].pk))
        assert response["Content-Type"] == "application/json"
        names = [member["display_name"] for member in response.json()["results"]]
        assert EVIL_NAME in names
        assert names.count(EVIL_NAME) == 1

    def test_the_member_profile_page_escapes_name_and_place(self, evil, charlie):
        response = client_for(charlie).get(reverse("community:member", args=[evil["profile"].public_id]))
        html = response.content.decode()
        assert response.status_code == 200
        assert EVIL_NAME not in html
        assert "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "&lt;script&gt;" in html


# 6. API schema ----------------------------------------------------------------------------------


class TestSchema:
    def test_the_schema_documents_the_map_and_its_member_lists(self, client, db):
        response = client.get("/api/schema/")
        assert response.status_code == 200
        document = yaml.safe_load(response.content)
        paths = document["paths"]
        geojson = paths["/api/conditions/{slug}/map/"]["get"]
        assert "GeoJSON" in geojson["summary"]
        description = geojson["responses"]["200"]["description"]
        for word in ("total", "countries", "roles", "min_group", "members_url"):
            assert word in description
        members = paths["/api/conditions/{slug}/map/places/{place_id}/members/"]["get"]
        assert {parameter["name"] for parameter in members["parameters"]} >= {"slug", "place_id", "page"}
        schema_ref = members["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = document["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
        assert {"count", "next", "previous", "results"} <= set(page["properties"])
        item_ref = page["properties"]["results"]["items"]["$ref"]
        item = document["components"]["schemas"][item_ref.rsplit("/", 1)[-1]]
        assert set(item["properties"]) == {"display_name", "role", "profile_url"}
