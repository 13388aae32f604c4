"""The world map in a browser: it loads from local files, adds up, draws the countries, and names
listed members in its popups to signed-in members only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from community.models import Visibility
from tests.browser.helpers import log_in, open_map, open_place, zoom_into_a_cluster
from tests.factories import MembershipFactory, make_member

PLAIN_FILL = "#e4ece9"  # static/js/condition-map.js: countries with nobody in the map


@pytest.fixture
def spread_map(condition, members, places):
    """9 people in 4 places: Valencia (alice, bob and a counted member), Munich 3, São Paulo 2,
    Valencia (Venezuela) 1. The public sees Valencia and Munich, and "Elsewhere in South America" 3:
    Brazil and Venezuela have too few to be shown (or shaded) on their own."""
    counted = make_member("quiet", "Quiet Quentin", places["valencia"], visibility=Visibility.COUNTED)
    MembershipFactory(member=counted, condition=condition)
    for number in range(3):
        MembershipFactory(
            member=make_member(f"munich{number}", f"Münchner {number}", places["munich"]), condition=condition
        )
    for number in range(2):
        MembershipFactory(
            member=make_member(f"paulista{number}", f"Paulista {number}", places["sao_paulo"]), condition=condition
        )
    MembershipFactory(member=make_member("caraqueno", "Carabobeño", places["valencia_ve"]), condition=condition)
    return condition


def count_numbers(page) -> list[int]:
    """The numbers on the map's markers and clusters, as drawn now."""
    return [int(text) for text in page.locator(".map-count span").all_inner_texts()]


def test_the_map_loads_from_local_files_without_errors(page, live_server, spread_map, screenshot):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    container = open_map(page, live_server, spread_map)
    expect(container).to_have_attribute("data-total", "9")
    expect(page.locator(".map-total")).to_have_text("There are 9 people in the map.")
    scripts = [url for url in requests if url.endswith(".js") or url.endswith(".css")]
    assert scripts and all(url.startswith(live_server.url) for url in scripts), scripts
    expect(page.locator(".map-error")).to_have_count(0)
    screenshot("map-desktop")


def test_cluster_numbers_add_up_to_the_total(page, live_server, spread_map):
    container = open_map(page, live_server, spread_map)
    total = int(page.locator(".map-total").get_attribute("data-total"))
    assert total == int(container.get_attribute("data-total")) == 9
    numbers = count_numbers(page)
    assert len(numbers) >= 2  # markers and clusters, not one blob
    assert sum(numbers) == total, numbers
    zoom_into_a_cluster(page)  # Valencia and Munich, together at the initial zoom, come apart
    expect(page.locator('.map-count[title="Munich: 3 people"]')).to_have_count(1)
    expect(page.locator('.map-count[title="Valencia: 3 people"]')).to_have_count(1)


def test_the_countries_are_drawn(page, live_server, spread_map):
    container = open_map(page, live_server, spread_map)
    assert int(container.get_attribute("data-countries")) > 100
    shapes = page.locator(".leaflet-overlay-pane svg path.leaflet-interactive")
    assert shapes.count() > 100
    # Spain and Germany are shaded; Brazil and Venezuela, with too few people to show, and the rest are plain.
    fills = shapes.evaluate_all("paths => paths.map(path => path.getAttribute('fill'))")
    assert len([fill for fill in fills if fill != PLAIN_FILL]) == 2


def test_an_anonymous_visitor_sees_no_names_in_a_popup(page, live_server, spread_map):
    with page.expect_response(re.compile(r"/api/conditions/[^/]+/map/places/$")) as data:
        open_map(page, live_server, spread_map)
    body = data.value.text()
    for name in ("Alice in Valencia", "Bob B.", "Quiet Quentin", "Münchner", "alice@example.org", "members_url"):
        assert name not in body
    popup = open_place(page, "Valencia", 3)
    expect(popup).to_contain_text("3 people")
    expect(popup).to_contain_text("Log in to see who is here.")
    expect(popup).not_to_contain_text("Alice in Valencia")
    expect(popup.locator(".map-popup__members")).to_have_count(0)


def test_a_signed_in_member_sees_who_is_listed_in_a_popup(page, live_server, spread_map, places, screenshot):
    log_in(page, live_server, "alice@example.org")
    open_map(page, live_server, spread_map)
    popup = open_place(page, "Valencia", 3, places["valencia"])
    expect(popup).to_contain_text("3 people")
    members = popup.locator(".map-popup__members li")
    expect(members).to_have_count(2)
    expect(members.get_by_role("link", name="Alice in Valencia")).to_be_visible()
    expect(members.get_by_role("link", name="Bob B.")).to_be_visible()
    expect(popup).not_to_contain_text("Quiet Quentin")  # counted, never named
    expect(popup).not_to_contain_text("@")
    screenshot("map-popup")
    members.get_by_role("link", name="Bob B.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bob B.")


def test_the_map_fits_a_phone(page, live_server, spread_map, screenshot):
    page.set_viewport_size({"width": 375, "height": 740})
    open_map(page, live_server, spread_map)
    assert sum(count_numbers(page)) == 9
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the map page scrolls sideways on a phone by {overflow}px"
    screenshot("map-phone")


def test_a_crowded_place_shows_more_members_on_demand(page, live_server, condition, alice, places):
    munich = places["munich"]
    for number in range(51):
        MembershipFactory(
            member=make_member(f"listed{number:02d}", f"Listed {number:02d}", munich), condition=condition
        )
    log_in(page, live_server, "alice@example.org")
    open_map(page, live_server, condition)
    popup = open_place(page, "Munich", 51, munich)
    members = popup.locator(".map-popup__members li")
    expect(members).to_have_count(50)
    popup.get_by_role("button", name="Show more").click()
    expect(members).to_have_count(51)
    expect(members.last).to_contain_text("Listed 50")
    expect(popup.get_by_role("button", name="Show more")).to_have_count(0)


def marker_boxes_outside_the_map(page) -> list[dict]:
    """The markers and clusters drawn now that do not lie wholly inside the map's frame."""
    return page.evaluate(
        """() => {
            const frame = document.querySelector('.folium-map').getBoundingClientRect();
            return [...document.querySelectorAll('.map-count')].map(icon => icon.getBoundingClientRect())
                .filter(box => box.left < frame.left || box.right > frame.right
                    || box.top < frame.top || box.bottom > frame.bottom)
                .map(box => ({left: box.left, top: box.top}));
        }"""
    )


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_on_a_phone_the_first_view_fits_the_markers(page, live_server, spread_map, signed_in):
    page.set_viewport_size({"width": 390, "height": 760})
    if signed_in:
        log_in(page, live_server, "alice@example.org")
    open_map(page, live_server, spread_map)
    expect(page.locator(".map-count").first).to_be_visible()
    assert marker_boxes_outside_the_map(page) == []
    assert sum(count_numbers(page)) == 9


PUT_MARKER_NEAR_TOP_LEFT = """([latitude, longitude]) => {
    const map = Object.keys(window).map(key => window[key]).find(value => value instanceof L.Map);
    map.setView([latitude, longitude], 7, {animate: false});
    const point = map.latLngToContainerPoint([latitude, longitude]);
    map.panBy([point.x - 70, point.y - 120], {animate: false});
}"""


POPUP_AT_REST = """() => new Promise(resolve => {
    const where = () => JSON.stringify(document.querySelector('.leaflet-popup').getBoundingClientRect());
    const before = where();
    setTimeout(() => resolve(where() === before), 150);
})"""


def click_until_it_opens(marker, popup, attempts: int = 3) -> None:
    """Leaflet may redraw a cluster's markers just after a jump of the view, and a click on the
    marker it replaces opens nothing: click again, as a person would."""
    for _ in range(attempts - 1):
        marker.click()
        try:
            expect(popup).to_be_visible(timeout=2000)
            return
        except AssertionError:
            continue
    marker.click()


def boxes_overlap(first: dict, second: dict) -> bool:
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_a_popup_uses_the_site_colours_and_leaves_the_zoom_control_clear(
    page, live_server, spread_map, places, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "alice@example.org")
    open_map(page, live_server, spread_map)
    munich = places["munich"]
    page.evaluate(PUT_MARKER_NEAR_TOP_LEFT, [munich.latitude, munich.longitude])
    marker = page.locator(f'.map-count:has([data-place="{munich.pk}"])')
    popup = page.locator(".leaflet-popup")
    click_until_it_opens(marker, popup)
    expect(popup).to_have_css("opacity", "1")
    links = popup.locator(".map-popup__members li")
    expect(links).to_have_count(3)
    page.wait_for_function(POPUP_AT_REST)  # the map pans to show the popup, and again once it has its members
    name = links.first.get_by_role("link").first
    expect(name).to_have_css("color", "rgb(11, 88, 82)")  # --brand-dark, not Leaflet's blue
    connect = links.first.get_by_role("link", name="Connect")
    expect(connect).to_have_css("color", "rgb(11, 88, 82)")
    expect(connect).to_have_css("background-color", "rgb(255, 255, 255)")
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert not boxes_overlap(popup.bounding_box(), zoom), (popup.bounding_box(), zoom)
    frame = page.locator(".folium-map").bounding_box()
    assert popup.bounding_box()["y"] >= frame["y"], "the popup, grown by its members, sticks out of the map"
    screenshot(f"map-popup-{width}")
