"""A member answers a closed question, another finds it helpful and reports it, a curator hides it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conditions.roles import Role
from tests.browser.helpers import log_in
from tests.factories import MembershipFactory, verify_email


@pytest.fixture
def members(condition, alice, bob):
    MembershipFactory(member=alice.profile, condition=condition, role=Role.FAMILY)
    MembershipFactory(member=bob.profile, condition=condition)
    return condition


def test_answer_vote_report_and_hide(page, live_server, members, alice, bob, curator, screenshot):
    question_url = f"{live_server.url}/conditions/{members.slug}/questions/hereditary/"

    # 1. A member answers "Is X hereditary?" with "yes" and a text.
    log_in(page, live_server, alice.email)
    page.goto(question_url)
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Your answer", exact=True).fill(
        "My son has it, and so did my **father**.\n\nWe were told it is inherited."
    )
    page.get_by_role("button", name="Publish my answer").click()
    expect(page.get_by_text("Thank you: your answer is published.")).to_be_visible()

    # 2. The chart and the count update.
    expect(page.get_by_role("heading", name="1 answer")).to_be_visible()
    expect(page.locator('#choice-chart tr[data-choice="yes"] .choice-count')).to_have_text("1")  # no % below 5
    expect(page.get_by_text("1 person answered.")).to_be_visible()
    expect(page.locator(".answer__text strong")).to_have_text("father")
    screenshot("question-answered")

    # 3. Another member marks it helpful.
    log_in(page, live_server, bob.email)
    page.goto(question_url)
    page.get_by_role("button", name="Helpful", exact=True).click()
    expect(page.get_by_text("1 person found this helpful")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("undo"))).to_have_attribute("aria-pressed", "true")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("question-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 4. They report it, and a curator hides it.
    page.get_by_role("link", name="Report").click()
    page.get_by_role("radio", name="Misleading or dangerous health information").check()
    page.get_by_label("Anything curators should know (optional)").fill("It is not always inherited.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thank you. Curators will look at this answer.")).to_be_visible()

    verify_email(curator)
    log_in(page, live_server, curator.email)  # the admin signs in through the site's login
    page.goto(f"{live_server.url}/admin/conditions/answer/?reported=open")
    expect(page.get_by_text("Alice in Valencia")).to_be_visible()
    screenshot("admin-reported-answers")
    page.locator('input[name="_selected_action"]').first.check()
    page.locator('select[name="action"]').select_option("hide_answers")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 answer hidden.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(question_url)
    expect(page.get_by_role("heading", name="0 answers")).to_be_visible()
    expect(page.locator("#choice-chart")).to_have_count(0)
    expect(page.get_by_text("Alice in Valencia")).to_have_count(0)
