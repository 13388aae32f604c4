"""Small-cell suppression of the public's figures: no figure a visitor who is not signed in sees
(on the map page, the condition page's map card, or the map APIs) counts fewer than MAP_MIN_GROUP
people, none can be worked out by subtraction, and everything still adds up. Checked on thousands
of generated populations, then on real pages. Signed-in members still see every place."""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from html import unescape
from itertools import pairwise

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.maps.figures import POOLED_ROLES, Audience, MapMarker, Tally, fold, summarise
from community.maps.suppression import merged_bands, suppress
from community.models import Membership, Place, Profile, Role
from community.places.gazetteer import continent_anchors, continent_of
from community.templatetags.community import map_preview
from conditions.models import Condition
from tests.community.maps.helpers import map_url
from tests.factories import PlaceFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db

# Countries on every continent, big and small ("AF" is Afghanistan, in Asia; "NC" New Caledonia).
COUNTRIES = ["ES", "DE", "FR", "IS", "LU", "AF", "JP", "IN", "NC", "NZ", "FJ", "AU", "US", "MX", "BR", "VE", "NG", "EG"]
COUNTRIES += ["ZA", "AQ"]
ROLES = [role.value for role in Role]
ANCHOR = (1.5, 2.5)  # where the fake gazetteer puts every country's largest city


# Generated populations -------------------------------------------------------------------------


def generated_population(rng: random.Random) -> tuple[list[MapMarker], Tally]:
    """Places with people, mostly small groups, in a few countries; each person with a role and
    sometimes an age at diagnosis."""
    places: list[MapMarker] = []
    by_country_and_role: Counter = Counter()
    by_age: Counter = Counter()
    countries = rng.sample(COUNTRIES, rng.randint(1, 8))
    for place_id in range(1, rng.randint(0, 30) + 1):
        country = rng.choice(countries)
        count = rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 7, 12, 40])
        listed = rng.randint(0, count)
        places.append(
            MapMarker(
                f"Town {place_id}", country, rng.uniform(-60, 60), rng.uniform(-170, 170), count, place_id, listed
            )
        )
        roles = rng.sample(ROLES, rng.randint(1, 3))
        for _person in range(count):
            by_country_and_role[country, rng.choice(roles)] += 1
            if rng.random() < 0.7:
                by_age[rng.choice([0, 0, 3, 8, 15, 30, 45, 70])] += 1
    return places, Tally(dict(by_country_and_role), dict(by_age))


def public_cells(summary, markers) -> list[int]:
    """Every number the public sees apart from the total."""
    return [
        *(marker.count for marker in markers),
        *(row.count for row in summary.rows),
        *(count for _role, _label, count in summary.roles),
        *(count for _band, count in summary.ages if count),  # an empty age band singles nobody out
    ]


def assert_public_figures_are_safe(places: list[MapMarker], counted: Tally, min_group: int) -> None:
    summary = summarise(counted, min_group, Audience.PUBLIC)
    markers = fold(places, Audience.PUBLIC, min_group, anchors=lambda codes: dict.fromkeys(codes, ANCHOR))
    total = sum(place.count for place in places)
    assert summary.total == total
    world = sum(row.count for row in summary.elsewhere if not row.continent)
    # The sums hold: markers (and the world's remainder, which has none), the table, the roles.
    assert sum(marker.count for marker in markers) + world == total
    assert sum(row.count for row in summary.rows) == total
    if total < min_group:  # the total is all there is to see
        assert markers == [] and summary.roles == [] and summary.ages == []
        assert [(row.continent, row.count) for row in summary.rows] == ([("", total)] if total else [])
        return
    if summary.roles:  # none when no role has enough people to be shown on its own
        assert sum(count for _role, _label, count in summary.roles) == total
    # No cell below the threshold.
    small = [count for count in public_cells(summary, markers) if count < min_group]
    assert not small, (small, places)
    # Nothing to subtract: each country shown is the sum of its markers, each continent's remainder
    # is its marker, and a country that is not shown has neither a row, a shade nor a marker.
    shown = {country.code: country.count for country in summary.countries}
    per_country = defaultdict(int)
    for marker in markers:
        per_country[marker.country_code] += marker.count
    continents = {row.continent: row.count for row in summary.elsewhere if row.continent}
    assert {marker.continent: marker.count for marker in markers if marker.continent} == continents
    per_country.pop("", None)
    assert dict(per_country) == shown
    for marker in markers:
        assert marker.listed == 0
        if marker.place_id is None and not marker.continent:
            assert (marker.latitude, marker.longitude) == ANCHOR  # never a member's own town
        if marker.continent:
            assert (marker.latitude, marker.longitude) == continent_anchors()[marker.continent]
            assert marker.label.startswith("Elsewhere in ")
    for row in summary.elsewhere:
        assert row.name.startswith("Elsewhere in ")


def assert_members_see_every_place(places: list[MapMarker], counted: Tally, min_group: int) -> None:
    summary = summarise(counted, min_group, Audience.MEMBERS)
    markers = fold(places, Audience.MEMBERS, min_group)
    assert sorted(markers) == sorted(places)
    assert summary.elsewhere == []
    by_country = Counter()
    for place in places:
        by_country[place.country_code] += place.count
    assert {country.code: country.count for country in summary.countries} == dict(by_country)
    assert [role for role, _label, _count in summary.roles] == ROLES


@pytest.mark.parametrize("min_group", [2, 3, 5])
def test_no_public_figure_of_a_generated_population_is_below_the_threshold(min_group):
    rng = random.Random(f"suppression:{min_group}")
    for _case in range(1_500):
        places, counted = generated_population(rng)
        assert_public_figures_are_safe(places, counted, min_group)
        assert_members_see_every_place(places, counted, min_group)


def test_a_pool_too_small_takes_in_the_smallest_cells_beside_it():
    rng = random.Random("suppress")
    for _case in range(3_000):
        min_group = rng.randint(2, 6)
        cells = {key: rng.choice([0, 1, 1, 2, 3, 4, 6, 9, 20]) for key in rng.sample("abcdefgh", rng.randint(0, 8))}
        shown, pooled = suppress(cells, min_group)
        assert sum(shown.values()) + pooled == sum(cells.values())
        assert all(count >= min_group for count in shown.values())
        assert pooled == 0 or pooled >= min_group or (not shown and pooled == sum(cells.values()))


def test_age_bands_merge_until_none_is_small():
    rng = random.Random("bands")
    for _case in range(3_000):
        min_group = rng.randint(2, 6)
        bands = [(low, high, rng.choice([0, 0, 1, 2, 3, 5, 8])) for low, high in ((0, 1), (1, 10), (10, 20), (20, 200))]
        merged = merged_bands(bands, min_group)
        assert sum(count for _low, _high, count in merged) == sum(count for _low, _high, count in bands)
        assert [merged[0][0], merged[-1][1]] == [0, 200]
        assert all(a[1] == b[0] for a, b in pairwise(merged))  # still contiguous
        if sum(count for _low, _high, count in bands) >= min_group:
            assert all(count == 0 or count >= min_group for _low, _high, count in merged)


# Real pages and APIs ----------------------------------------------------------------------------


def populate(condition, people: list[tuple[Place, str, int | None]]) -> None:
    """Verified members on the condition's map, in bulk: (place, role, age at diagnosis) each."""
    start = Profile.objects.count()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"gen{start + n}", email=f"gen{start + n}@example.org") for n in range(len(people))
    )
    users = list(get_user_model().objects.filter(username__in=[user.username for user in users]).order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    profiles = Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Generated {user.pk}", place=place, role=role, age_at_diagnosis=age)
        for user, (place, role, age) in zip(users, people, strict=True)
    )
    profiles = Profile.objects.filter(user__in=users).order_by("user_id")
    Membership.objects.bulk_create(
        Membership(member=profile, condition=condition, role=role, place=place, country_code=place.country_code)
        for profile, (place, role, _age) in zip(profiles, people, strict=True)
    )
    Membership.objects.filter(condition=condition).copy_profiles()
    Condition.objects.filter(pk=condition.pk).touch()


@pytest.fixture
def world(places):
    """A gazetteer with towns on every continent, two per country."""
    towns = []
    for number, code in enumerate(COUNTRIES):
        for town in range(2):
            towns.append(
                PlaceFactory(
                    name=f"{code} town {town}",
                    country_code=code,
                    latitude=-50 + 5 * number,
                    longitude=-150 + 15 * number + town,
                    population=100_000 * (2 - town),
                )
            )
    return towns


def numbers_on_the_page(html: str) -> dict:
    """Every number a map page shows: its total, table rows, role counts and bars."""
    total = int(re.search(r'class="map-total" data-total="(\d+)"', html).group(1))
    rows = [
        (unescape(name), int(count))
        for name, count in re.findall(r'<tr><th scope="row">([^<]*)</th><td class="number">(\d+)</td></tr>', html)
    ]
    roles = [int(number) for number in re.findall(r"<li>[^<]*<strong>(\d+)</strong>", html)]
    bars = [int(number) for number in re.findall(r'<td class="bar-chart__value">(\d+)</td>', html)]
    return {"total": total, "rows": [row for row in rows if row[0] != "Total"], "roles": roles, "bars": bars}


def numbers_in_the_api(data: dict) -> list[int]:
    counts = [country["count"] for country in data["countries"].values()]
    counts += [area["count"] for area in data["elsewhere"]] + list(data["roles"].values())
    if "features" in data:
        counts += [feature["properties"]["count"] for feature in data["features"]]
    else:
        counts += data["places"]["count"] + [group["count"] for group in data["folded"]]
    return counts


def api(client, name: str, condition) -> dict:
    response = client.get(reverse(name, args=[condition.slug]))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize("seed", range(6))
def test_no_figure_a_visitor_sees_is_below_the_threshold(client, condition, world, settings, seed):
    rng = random.Random(f"pages:{seed}")
    settings.MAP_MIN_GROUP = min_group = rng.choice([3, 4, 5])
    people = []
    for town in rng.sample(world, 12):
        for _person in range(rng.choice([1, 1, 2, 3, 6])):
            people.append((town, rng.choice(ROLES[:4]), rng.choice([None, 0, 4, 12, 33, 50, 65])))
    populate(condition, people)
    total = len(people)
    for url in (map_url(condition), map_url(condition) + "?sort=country"):
        page = numbers_on_the_page(client.get(url).content.decode())
        assert page["total"] == total
        assert sum(count for _name, count in page["rows"]) == total
        assert all(count >= min_group for _name, count in page["rows"]), page["rows"]
        assert all(count >= min_group for count in page["roles"]), page["roles"]
        assert all(count == 0 or count >= min_group for count in page["bars"]), page["bars"]
        assert sum(page["roles"]) == (total if page["roles"] else 0)
    for name in ("api:condition-map", "api:condition-map-places"):
        data = api(client, name, condition)
        assert data["total"] == total
        assert all(count >= min_group for count in numbers_in_the_api(data)), data
        assert (
            sum(country["count"] for country in data["countries"].values())
            + sum(area["count"] for area in data["elsewhere"])
            == total
        )
    card = client.get(reverse("conditions:detail", args=[condition.slug])).content.decode()
    assert f'data-people="{total}"' in card
    # Signed in, every place and country is there, with its exact count.
    member = client_for(UserFactory(username=f"viewer{seed}"))
    data = api(member, "api:condition-map", condition)
    by_place = Counter(place.pk for place, _role, _age in people)
    assert {feature["properties"]["place"]: feature["properties"]["count"] for feature in data["features"]} == by_place
    assert data["elsewhere"] == []
    by_country = Counter(place.country_code for place, _role, _age in people)
    assert {country["code"]: country["count"] for country in data["countries"].values()} == by_country


class TestTheSmallestCountries:
    """The issue's "Afghanistan 1", "New Caledonia 1": a name, nearly, for a rare disease."""

    @pytest.fixture
    def spread(self, condition, world, places):
        towns = {(town.country_code, town.name[-1]): town for town in world}
        layout = [
            *[(places["valencia"], Role.PATIENT, 30)] * 6,  # Spain 6
            *[(towns["DE", "0"], Role.CAREGIVER, 30)] * 4,  # Germany 4
            (towns["LU", "0"], Role.FAMILY, 40),  # Luxembourg 1 and Iceland 2: "Elsewhere in Europe"
            (towns["IS", "0"], Role.PATIENT, 40),
            (towns["IS", "1"], Role.PATIENT, 40),
            (towns["AF", "0"], Role.RESEARCHER, 40),  # Afghanistan 1 and Japan 2: Asia 3, which joins
            (towns["JP", "0"], Role.PATIENT, 40),
            (towns["JP", "1"], Role.PATIENT, 40),
            (towns["EG", "0"], Role.PATIENT, 40),  # Africa's lone member in "Elsewhere in the world"
            (towns["NC", "0"], Role.PATIENT, 40),  # New Caledonia 1 and New Zealand 2: "Elsewhere in Oceania"
            (towns["NZ", "0"], Role.PATIENT, 40),
            (towns["NZ", "1"], Role.PATIENT, 40),
            *[(towns["BR", "0"], Role.PATIENT, 40)] * 3,  # Brazil 3
        ]
        populate(condition, [(place, role.value, age) for place, role, age in layout])
        return condition

    def test_small_countries_are_counted_in_their_continent_and_small_continents_in_the_world(self, client, spread):
        page = numbers_on_the_page(client.get(map_url(spread)).content.decode())
        assert page["rows"] == [
            ("Spain", 6),
            ("Germany", 4),
            ("Elsewhere in the world", 4),
            ("Brazil", 3),
            ("Elsewhere in Europe", 3),
            ("Elsewhere in Oceania", 3),
        ]
        page = numbers_on_the_page(client.get(map_url(spread) + "?sort=country").content.decode())
        assert [name for name, _count in page["rows"]] == [
            "Brazil",
            "Germany",
            "Spain",
            "Elsewhere in Europe",
            "Elsewhere in Oceania",
            "Elsewhere in the world",
        ]

    def test_no_row_shade_or_marker_names_a_small_country(self, client, spread):
        html = client.get(map_url(spread)).content.decode()
        for name in ("Afghanistan", "New Caledonia", "Luxembourg", "Iceland", "New Zealand"):
            assert f'<th scope="row">{name}</th>' not in html
        for name in ("api:condition-map", "api:condition-map-places"):
            text = json.dumps(api(client, name, spread))
            for code, name in (("AF", "Afghanistan"), ("NC", "New Caledonia"), ("LU", "Luxembourg"), ("IS", "Iceland")):
                assert name not in text
                assert f'"country": "{code}"' not in text

    def test_a_continents_remainder_is_drawn_at_a_fixed_point_and_the_worlds_is_not_drawn(self, client, spread):
        data = api(client, "api:condition-map", spread)
        features = {feature["id"]: feature for feature in data["features"]}
        oceania = features["continent-OC"]
        assert oceania["properties"] == {"label": "Elsewhere in Oceania", "continent": "OC", "count": 3}
        latitude, longitude = continent_anchors()["OC"]
        assert oceania["geometry"]["coordinates"] == [round(longitude, 3), round(latitude, 3)]
        world_rows = [area for area in data["elsewhere"] if area["continent"] is None]
        assert [area["name"] for area in world_rows] == ["Elsewhere in the world"]
        drawn = sum(feature["properties"]["count"] for feature in data["features"])
        assert drawn + world_rows[0]["count"] == data["total"]
        assert not [feature for feature in data["features"] if "world" in feature["properties"]["label"]]

    def test_roles_with_few_people_are_counted_together(self, client, spread):
        html = client.get(map_url(spread)).content.decode()
        assert "1 researcher" not in html and "1 family member" not in html
        roles = re.search(r'<ul class="role-counts".*?</ul>', html, re.S).group(0)
        assert re.findall(r"<li>(.*?)</li>", roles) == [
            "<strong>17</strong> people with the condition",
            "<strong>6</strong> people in roles counted together",  # researcher 1, family 1 and caregivers 4
        ]
        data = api(client, "api:condition-map", spread)
        assert data["roles"] == {Role.PATIENT.value: 17, POOLED_ROLES: 6}

    def test_signed_in_members_still_see_every_country(self, charlie, spread):
        data = api(client_for(charlie), "api:condition-map", spread)
        countries = {country["name"]: country["count"] for country in data["countries"].values()}
        assert countries["Afghanistan"] == 1 and countries["New Caledonia"] == 1 and countries["Luxembourg"] == 1
        html = client_for(charlie).get(map_url(spread)).content.decode()
        assert '<th scope="row">Afghanistan</th><td class="number">1</td>' in html


def test_continent_codes_come_from_the_installed_gazetteer():
    assert [continent_of(code) for code in ("ES", "AF", "NC", "US", "BR", "EG", "AQ")] == [
        "EU",
        "AS",
        "OC",
        "NA",
        "SA",
        "AF",
        "AN",
    ]


def test_one_lone_member_in_a_country_with_others_is_not_given_away_by_subtraction(client, condition, places):
    """Spain 6 and Valencia 5 would tell that one person lives elsewhere in Spain."""
    populate(condition, [(places["valencia"], "patient", None)] * 5 + [(places["valdemoro"], "patient", None)])
    data = api(client, "api:condition-map", condition)
    assert [(feature["id"], feature["properties"]["count"]) for feature in data["features"]] == [("country-ES", 6)]


def test_a_small_map_shows_its_total_and_nothing_else(client, condition, places):
    populate(condition, [(places["valencia"], "patient", 3), (places["munich"], "family", 40)])
    html = client.get(map_url(condition)).content.decode()
    page = numbers_on_the_page(html)
    assert page["total"] == 2
    assert page["rows"] == [("Elsewhere in the world", 2)]
    assert page["roles"] == []
    assert "Too few people are in each role to show them apart." in html
    data = api(client, "api:condition-map", condition)
    assert (data["features"], data["countries"], data["roles"]) == ([], {}, {})


def test_the_age_chart_merges_bands_with_few_people(client, charlie, condition, places):
    ages = [30] * 6 + [45] * 5 + [2] + [70] * 3
    populate(condition, [(places["valencia"], "patient", age) for age in ages])

    def bars(client) -> dict[str, int]:
        html = client.get(map_url(condition)).content.decode()
        chart = re.search(r'id="ages-chart".*?</figure>', html, re.S).group(0)
        rows = re.findall(r'bar-chart__label">([^<]*)</th>.*?bar-chart__value">(\d+)<', chart, re.S)
        return {label: int(count) for label, count in rows}

    assert bars(client) == {"under 40": 7, "40–59": 5, "60+": 3}
    assert bars(client_for(charlie)) == {"under 1": 0, "1–9": 1, "10–19": 0, "20–39": 6, "40–59": 5, "60+": 3}


def test_the_map_page_states_the_rule(client, condition, places, settings):
    settings.MAP_MIN_GROUP = 4
    populate(condition, [(places["valencia"], "patient", None)] * 4)
    html = unescape(client.get(map_url(condition)).content.decode())
    note = re.search(r'<p class="muted map-rule">(.*?)</p>', html, re.S).group(1)
    assert "no figure here counts fewer than 4 people" in note
    for words in ('"Elsewhere in Spain"', '"Elsewhere in Europe"', '"Elsewhere in the world"', "ages together"):
        assert words in note


# The table by country: the top 20, then "Show all" -------------------------------------------------

MANY_COUNTRIES = ["ES", "DE", "FR", "IT", "PT", "GB", "IE", "NL", "BE", "AT", "CH", "PL", "SE", "NO", "FI", "DK"]
MANY_COUNTRIES += ["GR", "CZ", "HU", "RO", "BG", "HR", "SI", "SK", "EE"]


def table_rows(html: str) -> list[str]:
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td class="number">\d+</td></tr>', html)
    return [row for row in rows if row != "Total"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_table_shows_the_top_20_then_the_rest_under_show_all(charlie, condition, signed_in):
    people = []
    for number, code in enumerate(MANY_COUNTRIES):
        town = PlaceFactory(name=f"Town of {code}", country_code=code, latitude=40 + number / 10, longitude=number)
        people += [(town, "patient", None)] * (3 + number)  # the last countries have the most people
    populate(condition, people)
    client = client_for(charlie) if signed_in else Client()
    html = client.get(map_url(condition)).content.decode()
    first, more = html.split('<details class="figures-more">')
    assert len(table_rows(first)) == 20
    assert table_rows(first)[0] == "Estonia"  # the most people first
    assert re.search(r"<summary>Show all \(25\)</summary>", more)
    assert len(table_rows(more.split("</details>")[0])) == 5
    assert "<script" not in more.split("</details>")[0]


def test_a_short_table_has_no_show_all(client, condition, places):
    populate(condition, [(places["valencia"], "patient", None)] * 3)
    assert "figures-more" not in client.get(map_url(condition)).content.decode()


# The condition page's map card ----------------------------------------------------------------------


def map_card(client, condition) -> str:
    html = client.get(reverse("conditions:detail", args=[condition.slug])).content.decode()
    return re.search(r'<section class="card map-teaser".*?</section>', html, re.S).group(0)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_map_card_says_join_once_on_its_button(charlie, condition, signed_in):
    client = client_for(charlie) if signed_in else Client()
    card = unescape(map_card(client, condition))
    assert card.count(f"Join the {condition.name} community") == 1
    assert re.search(rf"<(a|button)[^>]*>\s*Join the {condition.name} community\s*</(a|button)>", card)


def test_after_joining_the_map_card_says_you_are_on_the_map_instead_of_join(alice, condition):
    client = client_for(alice)
    response = client.post(reverse("community:join", args=[condition.slug]), {"role": "patient"})
    assert response.status_code == 302
    card = unescape(map_card(client, condition))
    assert "You are on this map." in card
    assert "Join" not in card


def test_the_map_card_preview_draws_only_what_the_public_may_see(client, condition, places):
    """Spain 3 and Germany 1: Germany is too few, and Spain beside it would give it away, so the
    card's small map has one dot, at Europe's fixed point, and none at Munich or Valencia."""
    populate(condition, [(places["valencia"], "patient", None)] * 3 + [(places["munich"], "patient", None)])
    html = client.get(reverse("conditions:detail", args=[condition.slug])).content.decode()
    dots = re.findall(r'<circle class="map-preview__dot" cx="([-\d.]+)" cy="([-\d.]+)"', html)
    latitude, longitude = continent_anchors()["EU"]
    assert dots == [(str(round(longitude + 180, 1)), str(round(90 - latitude, 1)))]


def test_the_preview_writes_its_numbers_for_svg_in_every_language(condition, places):
    """SVG wants 12.5, never the 12,5 of a page in German: the dots are not localized."""
    populate(condition, [(places["valencia"], "patient", None)] * 3 + [(places["munich"], "patient", None)] * 3)
    with translation.override("de"):
        html = render_to_string("community/maps/_map_preview.html", map_preview(condition))
    circles = re.findall(r'<circle class="map-preview__dot" cx="([^"]+)" cy="([^"]+)" r="([^"]+)"', html)
    assert len(circles) == 2
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", number) for circle in circles for number in circle), circles
