"""A member's condition page and map page, served from the shared cached fragments (issue 13,
item 9): the second visit looks like the first, the map still loads under the page's own nonce,
and the next member signed in sees their own state, never the previous one's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, open_map

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_members_pages_from_the_cache_look_the_same(page, live_server, condition, members, screenshot, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    log_in(page, live_server, "alice@example.org")
    for visit in ("first", "cached"):
        page.goto(live_server.url + condition.get_absolute_url())
        expect(page.get_by_text("You are on this map.")).to_be_visible()
        expect(page.locator(".causes-summary")).to_be_visible()
        expect(page.locator(".map-teaser__count")).to_contain_text("There are 2 people in the map.")
        screenshot(f"member-condition-{width}-{visit}")
        open_map(page, live_server, condition)  # the map's script runs: its nonce is this response's
        expect(page.get_by_role("link", name="See them as a list")).to_be_visible()
        screenshot(f"member-map-{width}-{visit}")


def test_the_next_member_sees_their_own_state(page, live_server, condition, alice_on_the_map, bob):
    log_in(page, live_server, "alice@example.org")
    page.goto(live_server.url + condition.get_absolute_url())
    expect(page.get_by_text("You are on this map.")).to_be_visible()
    log_in(page, live_server, "bob@example.org")
    page.goto(live_server.url + condition.get_absolute_url())
    expect(page.get_by_role("button", name="Join the Neonatal hemochromatosis community")).to_be_visible()
    expect(page.get_by_text("You are on this map.")).to_have_count(0)
    expect(page.get_by_text("Alice in Valencia")).to_have_count(0)
    # bob's page came whole from the cache, with his own CSRF token in his own box: joining works
    page.get_by_role("button", name="Join the Neonatal hemochromatosis community").click()
    expect(page.get_by_text("You are now on the Neonatal hemochromatosis map.")).to_be_visible()
    expect(page.get_by_text("You are on this map.")).to_be_visible()
    expect(page.get_by_text("As Bob B.")).to_be_visible()
