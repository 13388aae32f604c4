"""alice finds bob on the map and asks to connect; bob accepts and writes; alice replies; charlie,
a stranger, cannot open their conversation. Two browser contexts, one for each member."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from community.models.connections import Connection
from tests.browser.helpers import isolated_page, log_in, open_map, open_place
from tests.factories import verify_email


@pytest.fixture
def valencia_map(condition, members):
    """The condition whose map alice and bob (listed, both in Valencia) are on."""
    return condition


@pytest.fixture
def second_page(browser, browser_context_args, live_server):
    """Another member's browser, as isolated as the first: only the live server, errors fail the test."""
    with isolated_page(browser, browser_context_args, live_server, "the second browser", console_errors=False) as page:
        yield page


def test_alice_and_bob_connect_and_talk(page, second_page, live_server, valencia_map, places, charlie, screenshot):
    # 1. alice finds bob in a map popup and sends a request.
    log_in(page, live_server, "alice@example.org")
    open_map(page, live_server, valencia_map)
    popup = open_place(page, "Valencia", 2, places["valencia"])
    bob_row = popup.locator(".map-popup__members li").filter(has_text="Bob B.")
    heading = page.get_by_role("heading", level=1)
    bob_row.get_by_role("link", name="Connect").click()
    try:
        expect(heading).to_have_text("Bob B.", timeout=3_000)
    except AssertionError:  # the popup was drawn again with its members as the click landed: click again
        bob_row.get_by_role("link", name="Connect").click()
    expect(heading).to_have_text("Bob B.")
    page.get_by_label("A short note (optional)").fill("Hello Bob, we live in the same city. <b>hi</b>")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.get_by_text("Your request is sent to Bob B.")).to_be_visible()

    # 2. bob sees it, accepts, and writes.
    bob = second_page
    log_in(bob, live_server, "bob@example.org")
    bob.goto(f"{live_server.url}/community/connections/")
    expect(bob.get_by_text("Hello Bob, we live in the same city. <b>hi</b>")).to_be_visible()  # text, not markup
    bob.get_by_role("button", name="Accept").click()
    expect(bob.get_by_text("You are now connected.")).to_be_visible()
    bob.get_by_role("link", name="Messages").last.click()
    bob.get_by_label("Your message").fill("Hi Alice! Happy to share what helped us.")
    bob.get_by_role("button", name="Send").click()
    expect(bob.locator(".message-bubble--mine")).to_have_text(re.compile("Happy to share what helped us"))

    # 3. alice sees the unread badge and replies.
    page.goto(f"{live_server.url}/")
    badge = page.locator(".account-nav [data-unread-badge]")
    expect(badge).to_have_text("1 (unread messages: 1)")  # the words are for screen readers only
    expect(page.get_by_role("link", name="Messages 1 (unread messages: 1)")).to_be_visible()
    page.goto(f"{live_server.url}/community/messages/")
    expect(page.locator(".thread-row .badge")).to_have_text("1 new")
    screenshot("inbox")
    page.get_by_role("link", name="Bob B.").click()
    expect(page.get_by_text("Hi Alice! Happy to share what helped us.")).to_be_visible()
    page.get_by_label("Your message").fill("Thank you, Bob. See https://example.org/our-notes")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("link", name="https://example.org/our-notes")).to_have_attribute("rel", "nofollow")
    screenshot("thread")
    page.set_viewport_size({"width": 375, "height": 740})
    screenshot("thread-phone")
    thread_url = page.url

    # 4. charlie, a stranger, cannot open the thread.
    verify_email(charlie)
    bob.goto("about:blank")  # nothing from bob's page still in flight
    bob.context.clear_cookies()
    log_in(bob, live_server, charlie.email)
    response = bob.goto(thread_url)
    assert response.status == 404
    expect(bob.get_by_text("Thank you, Bob")).to_have_count(0)
    assert str(Connection.objects.get().public_id) in thread_url
