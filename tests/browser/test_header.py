"""One header on every page. On a phone it is one row, the brand and a menu that opens without
JavaScript, by mouse or keyboard; on a desktop everything is in the row. Above it, a thin bar holds
the language switcher on every width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.fixture
def phone_without_javascript(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/", "/conditions/", "/accounts/login/", "/no-such-page/"])
def test_the_phone_menu_opens_without_javascript_by_keyboard(phone_without_javascript, live_server, condition, path):
    page = phone_without_javascript
    page.goto(live_server.url + path)
    assert page.locator(".site-header__inner").bounding_box()["height"] < 80  # one row
    assert page.locator(".language-bar").bounding_box()["height"] < 40
    expect(page.get_by_label("Language").first).to_be_visible()
    log_in = page.get_by_role("link", name="Log in", exact=True)
    expect(log_in).to_be_hidden()
    menu = page.locator(".site-menu > summary")
    expect(menu).to_have_text("Menu")
    menu.focus()
    page.keyboard.press("Enter")
    expect(log_in).to_be_visible()
    expect(page.get_by_role("search", name="Site search")).to_be_visible()
    expect(page.get_by_role("link", name="Conditions A–Z")).to_be_visible()
    page.keyboard.press("Enter")  # and closes
    expect(log_in).to_be_hidden()


@pytest.mark.parametrize("path", ["/", "/conditions/", "/accounts/login/"])
def test_the_desktop_header_shows_everything_in_one_row(page, live_server, condition, path):
    page.goto(live_server.url + path)
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    for name in ("Conditions A–Z", "Log in", "Sign up"):
        expect(page.locator(".site-header").get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("search", name="Site search")).to_be_visible()
    assert page.locator(".site-header__inner").bounding_box()["height"] < 80
    assert page.locator(".language-bar").bounding_box()["height"] < 40


def test_the_switcher_changes_the_language_without_javascript_and_keeps_the_page(
    phone_without_javascript, live_server, condition
):
    page = phone_without_javascript
    page.goto(f"{live_server.url}/conditions/{condition.slug}/questions/")
    switcher = page.locator(".language-bar")
    switcher.get_by_label("Language").select_option("de")
    switcher.get_by_role("button").click()
    expect(page).to_have_url(f"{live_server.url}/de/conditions/{condition.slug}/questions/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".language-bar").get_by_label("Sprache")).to_have_value("de")
    page.goto(f"{live_server.url}/")  # the choice holds at an address without a prefix
    expect(page).to_have_url(f"{live_server.url}/de/")
