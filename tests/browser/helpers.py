"""What the browser tests share: signing in, and finding one's way on a condition's map."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import expect

from tests.factories import PASSWORD

READY = '.folium-map[data-ready="true"]'
TIMEOUT_MS = int(os.environ.get("PLAYWRIGHT_TIMEOUT", "10000"))
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def isolate(page, live_server, *, console_errors: bool = True, expected: re.Pattern | None = None) -> list[str]:
    """Let `page` reach only the live server (map tiles get a blank PNG, everything else is
    aborted) and collect its page errors, and its console errors unless `expected` matches them.
    The caller fails the test if the returned list is not empty."""
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(live_server.url):
            return route.continue_()
        if "tile" in url:
            return route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        return route.abort()

    def console(message):
        print(f"[browser console] {message.type}: {message.text}")
        # "error" includes Content-Security-Policy violations
        if console_errors and message.type == "error" and not (expected and expected.search(message.text)):
            errors.append(f"{page.url}: {message.text}")

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors


@contextmanager
def isolated_page(browser, context_args: dict, live_server, who: str = "the browser", **isolation) -> Iterator:
    """A page in a browser context of its own, isolated as `isolate` says (`isolation` is passed on
    to it); any error it collected fails the test once the context is closed."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    errors = isolate(page, live_server, **isolation)
    yield page
    context.close()
    assert not errors, f"Errors in {who}: {errors}"


def log_in(page, live_server, email: str) -> None:
    """Sign in, as someone else if need be: leave the page first, so that no request still in flight
    from it (the header's unread count) can bring the previous member's cookies back."""
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("link", name="Log out", include_hidden=True)).to_be_attached()  # in the phone menu too


def map_url(live_server, condition) -> str:
    return f"{live_server.url}/conditions/{condition.slug}/map/"


def open_map(page, live_server, condition):
    page.goto(map_url(live_server, condition))
    expect(page.locator(".leaflet-container")).to_be_visible()
    page.locator(READY).wait_for()
    return page.locator(".folium-map")


def zoom_into_a_cluster(page) -> None:
    """Click a cluster: a count without a title (markers have one). It zooms to fit its markers."""
    page.locator(".map-count:not([title])").first.click()


def open_place(page, name: str, people: int, place=None):
    """Click clusters until the marker of `name` stands alone, then open its popup. The public's
    markers have the place's name and number of people as their title (Valencia, Spain, and
    Valencia, Venezuela, share a name); signed-in members' markers have the place's id, and their
    popups load the place's full name ("Valencia, Valencia, Spain") with its members."""
    if place is None:
        marker = page.locator(f'.map-count[title="{name}: {people} people"]')
    else:
        marker = page.locator(f'.map-count[title="{people} people"]:has([data-place="{place.pk}"])')
    for _ in range(4):
        if marker.count():
            break
        zoom_into_a_cluster(page)
        try:
            expect(marker).to_have_count(1, timeout=2_000)
        except AssertionError:
            continue  # still clustered: zoom in again
    marker.click()  # Playwright waits for the marker to stop moving
    try:
        expect(page.locator(".leaflet-popup")).to_have_count(1, timeout=3_000)
    except AssertionError:  # the click landed while the map still moved after a zoom: click again, as a person would
        marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".map-popup__title")).to_have_text(re.compile(rf"^{name}\b"))
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    return popup
