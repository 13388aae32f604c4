"""Browser tests: Debian's Chromium through pytest-playwright, against live_server.

- No network: every request that is not to the live server is aborted, except map tiles,
  which get a local blank PNG.
- Locale and timezone are pinned; the timeout comes from PLAYWRIGHT_TIMEOUT (ms).
- The browser console is printed, and any page error fails the test.
- Screenshots go to artifacts/screenshots/, which CI keeps.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

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
TIMEOUT_MS = int(os.environ.get("PLAYWRIGHT_TIMEOUT", "10000"))
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "artifacts/screenshots"))
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

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
    """A page that can reach only the live server, with page errors collected."""
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(live_server.url):
            return route.continue_()
        if "/tiles/" in url or (url.endswith(".png") and "tile" in url):
            return route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        return route.abort()

    page.route("**/*", route)

    def console(message):
        print(f"[browser console] {message.type}: {message.text}")
        if message.type == "error":  # includes Content-Security-Policy violations
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
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
