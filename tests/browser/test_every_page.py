"""Every page, for a visitor and for a signed-in member, on a small phone, a phone and a desktop:
nothing scrolls sideways, and axe-core finds no serious or critical problem (nor any moderate one:
duplicate landmarks, content outside landmarks).

The pages are listed once, in PAGES (tests/site_pages.py); add a page there and every check covers
it. Each test visits every page of its audience at one width, with one browser context, so that the
world is built and the member signed in once per test. axe-core is injected by the test (page.add_script_tag), from the
live server's static files, so no page ever ships it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import isolated_page
from tests.site_pages import MEMBER, PAGES, VISITOR, Page

AXE = "/static/vendor/axe-core/axe.min.js"  # from the live server, which the pages' CSP allows
BLOCKING_IMPACTS = {"moderate", "serious", "critical"}
WIDTHS = [320, 390, 1280]
EXPECTED_STATUS_ERROR = re.compile(r"Failed to load resource: the server responded with a status of 40[34]")


@pytest.fixture
def site_page(browser, browser_context_args, live_server):
    """A fresh context that reaches only the live server. Page errors and console errors fail the
    test, except the one Chromium logs for a page answered on purpose with a 403 or a 404."""
    with isolated_page(browser, browser_context_args, live_server, expected=EXPECTED_STATUS_ERROR) as page:
        yield page


def sign_in(page, live_server, user) -> None:
    """Put a session of `user` in the page's context, without going through the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def serious_violations(page, live_server) -> list[str]:
    page.add_script_tag(url=live_server.url + AXE)
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))
            }));
        }"""
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {violation['targets']}"
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def shot_path(audience: str, width: int, entry: Page, prefix: str = "") -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{prefix}every-page-{audience}-{width}-{entry.name.replace(' ', '-')}.png"


def open_menu(page) -> None:
    """On a phone, the header's menu is folded: open it, so that what it holds is checked too."""
    menu = page.locator(".site-menu > summary")
    if menu.count() and menu.is_visible():
        menu.click()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("audience", [VISITOR, MEMBER])
def test_every_page_fits_the_screen_and_passes_axe(site_page, live_server, pages_world, audience, width):
    page = site_page
    page.set_viewport_size({"width": width, "height": 800})
    if audience == MEMBER:
        sign_in(page, live_server, pages_world["alice"])
    problems: list[str] = []
    for entry in PAGES:
        if audience not in entry.audiences:
            continue
        try:
            response = page.goto(live_server.url + entry.path.format(**pages_world))
        except PlaywrightError as error:
            problems.append(f"{entry.name}: {error.message.splitlines()[0]}")
            continue
        if response.status != entry.status:
            problems.append(f"{entry.name}: status {response.status}, expected {entry.status}")
            continue
        page.wait_for_load_state("load")
        if audience == MEMBER:  # axe checks the header with its badge filled in (a request waits)
            page.locator(".account-nav [data-unread-badge]:not([hidden])").wait_for(state="attached")
        if os.environ.get("SCREENSHOT_EVERY_PAGE"):
            page.screenshot(path=shot_path(audience, width, entry), full_page=True)
        open_menu(page)
        wider = overflow(page)
        if wider > 0:
            problems.append(f"{entry.name}: {wider}px wider than the {width}px screen")
            page.screenshot(path=shot_path(audience, width, entry, "overflow-"))
        problems += [f"{entry.name}: {violation}" for violation in serious_violations(page, live_server)]
    assert not problems, "\n".join(problems)


def test_the_place_picker_without_its_script_passes_axe(site_page, live_server, places):
    """The sign-up form as browsers without JavaScript get it: the country, then the town list."""
    page = site_page
    page.route(
        "**/js/place-picker.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body="")
    )
    page.goto(f"{live_server.url}/accounts/signup/")
    assert page.locator(".place-picker__fallback").is_visible()
    assert serious_violations(page, live_server) == []
