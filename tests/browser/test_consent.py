"""A member from before consent was asked gives it at their next sign-in; the policies read well on a
desktop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from community.models import Profile
from tests.factories import PASSWORD, make_member

WIDTHS = {"desktop": 1280, "phone": 390}


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_without_consent_gives_it_at_sign_in_and_goes_on(page, live_server, valencia, condition, screenshot):
    make_member("dora", "Dora of old", valencia, without_consent=True)
    page.goto(f"{live_server.url}/accounts/login/?next=/conditions/{condition.slug}/")
    page.get_by_label("Email").fill("dora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent")
    expect(page).to_have_url(re.compile(r"/community/consent/\?next="))
    screenshot("consent-desktop")
    page.get_by_role("checkbox", name="I agree that").check()
    page.get_by_role("button", name="I agree, go on").click()
    expect(page).to_have_url(re.compile(rf"/conditions/{condition.slug}/$"))
    expect(page.get_by_text("Thank you: your consent is recorded.")).to_be_visible()
    assert Profile.objects.get(display_name="Dora of old").has_current_consent


@pytest.mark.parametrize("path", ["/privacy/", "/terms/", "/contact/", "/accounts/signup/"])
@pytest.mark.parametrize("screen", list(WIDTHS))
def test_the_policies_and_sign_up_fit_a_desktop_and_a_phone(page, live_server, valencia, screenshot, path, screen):
    page.set_viewport_size({"width": WIDTHS[screen], "height": 900})
    page.goto(f"{live_server.url}{path}")
    footer = page.locator(".site-footer")
    for name in ["Privacy policy", "Terms of use", "Contact"]:
        expect(footer.get_by_role("link", name=name)).to_be_visible()
    assert fits_the_width(page), f"{path} is wider than {WIDTHS[screen]} px"
    screenshot(f"policy{path.replace('/', '-').rstrip('-')}-{screen}")


def test_the_consent_page_fits_a_phone(page, live_server, valencia, screenshot):
    make_member("dora", "Dora of old", valencia, without_consent=True)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("dora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consent")
    assert fits_the_width(page)
    screenshot("consent-phone")
