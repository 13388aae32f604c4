"""Browser tests: Debian's Chromium through pytest-playwright, against live_server.

- No network: every request that is not to the live server is aborted, except map tiles,
  which get a local blank PNG.
- Locale and timezone are pinned; the timeout comes from PLAYWRIGHT_TIMEOUT (ms).
- The browser console is printed, and any page error fails the test.
- Screenshots go to artifacts/screenshots/, which CI keeps.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import isolate

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "artifacts/screenshots"))

# Playwright's sync API runs an event loop in this thread; Django must still allow the
# test body's (synchronous) database calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if browser_dir not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            if os.environ.get("REQUIRE_BROWSER") == "1":
                raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {CHROMIUM} does not exist: apt-get install chromium")
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not found: apt-get install chromium"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "en-GB",
        "timezone_id": "Europe/Madrid",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def page(page, live_server):
    """A page that can reach only the live server, with page and console errors failing the test."""
    errors = isolate(page, live_server)
    yield page
    assert not errors, f"Errors in the browser: {errors}"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under artifacts/screenshots/NAME.png."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
