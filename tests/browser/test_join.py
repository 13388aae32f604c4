"""A visitor joins a condition's map: sign up, pick their town, verify their email, and count."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect


@pytest.fixture
def map_with_alice(condition, alice_on_the_map, places):
    """The condition whose map alice is on."""
    return condition


def test_visitor_joins_a_map_and_is_counted(page, live_server, map_with_alice, screenshot):
    page.goto(f"{live_server.url}/conditions/{map_with_alice.slug}/")
    count = page.locator(".map-teaser__count")
    expect(count).to_contain_text("There is 1 person in the map.")

    page.get_by_role("link", name="Join the Neonatal hemochromatosis community").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the Neonatal hemochromatosis community")
    page.locator("[data-place-picker][data-ready]").wait_for()
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-Secret-9x")
    page.get_by_label("Password (again)").fill("a-long-Secret-9x")
    page.get_by_label("Display name").fill("Rosa del Turia")
    page.get_by_label("How are you affected?").select_option("family")

    place = page.get_by_label("Where do you live?")
    place.fill("valen")
    option = page.get_by_role("option", name="Valencia, Spain")
    expect(option).to_be_visible()
    expect(page.get_by_role("option", name="Valencia, Venezuela")).to_be_visible()
    screenshot("join-autocomplete")
    place.press("ArrowDown")  # the keyboard reaches the suggestions
    option.click()
    expect(place).to_have_value("Valencia, Spain")
    page.get_by_role("checkbox", name="I agree that").check()
    page.get_by_role("button", name="Sign up and join").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    screenshot("join-verification-sent")
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(rf"/conditions/{map_with_alice.slug}/$"))
    expect(count).to_contain_text("There are 2 people in the map.")
    expect(page.get_by_role("note")).to_contain_text("As Rosa del Turia (Family member or friend), in Valencia, Spain.")
    screenshot("join-counted")


def test_place_picker_without_javascript_offers_country_then_city(browser, live_server, places, condition):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Country").select_option("ES")
    page.get_by_role("button", name="Show its towns and cities").click()
    city = page.get_by_label("Town or city")
    expect(city.locator("option", has_text="Valdemoro")).to_have_count(1)
    expect(city.locator("option", has_text="Munich")).to_have_count(0)
    context.close()
