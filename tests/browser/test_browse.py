"""A visitor finds a condition by another name for it and reads its causes article."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def conditions(condition, db):
    from tests.factories import ArticleFactory, ConditionFactory

    ArticleFactory(condition=ConditionFactory(name="Wilson disease", synonyms="Hepatolenticular degeneration"))
    return condition


def test_search_by_synonym_then_read_causes_article(page, live_server, conditions, screenshot):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Diseasemaps"))
    screenshot("home-desktop")

    page.get_by_label("Search a condition by name or another name for it").fill("hemocromatosis")
    page.get_by_label("Search a condition by name or another name for it").press("Enter")
    expect(page.get_by_role("status").filter(has_text="condition matches")).to_contain_text("1 condition matches")
    expect(page.get_by_role("link", name="Wilson disease")).to_have_count(0)
    screenshot("search-results")

    page.get_by_role("link", name="Neonatal hemochromatosis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neonatal hemochromatosis")
    expect(page.get_by_text("There are 0 people in the map.")).to_be_visible()
    expect(page.get_by_role("link", name="View more questions of Neonatal hemochromatosis")).to_be_visible()
    screenshot("condition-desktop")

    page.get_by_role("link", name="Read the causes of Neonatal hemochromatosis").click()
    expect(page).to_have_url(re.compile(r"/conditions/neonatal-hemochromatosis/causes/$"))
    expect(page.get_by_role("heading", level=2, name="Maternal antibodies")).to_be_visible()
    screenshot("causes-desktop")


@pytest.mark.parametrize("path", ["/", "/conditions/", "/conditions/neonatal-hemochromatosis/"])
def test_pages_fit_a_phone_screen(page, live_server, conditions, screenshot, path):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
    name = path.strip("/").replace("/", "-") or "home"
    screenshot(f"{name}-phone")


def test_keyboard_user_can_skip_to_content_and_search(page, live_server, conditions):
    page.goto(live_server.url + "/conditions/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.get_by_label("Search names and other names").focus()
    page.keyboard.type("wilson")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Wilson disease")).to_be_visible()
