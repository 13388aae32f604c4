"""Every page, for a visitor and for a signed-in member, on a small phone, a phone and a desktop:
nothing scrolls sideways, and axe-core finds no serious or critical problem (nor any moderate one:
duplicate landmarks, content outside landmarks).

The pages are listed once, in PAGES; add a page there and both checks cover it. Each test visits
every page of its audience at one width, with one browser context, so that the world is built and
the member signed in once per test. axe-core is injected by the test (page.add_script_tag), from the
live server's static files, so no page ever ships it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from community.models.connections import Connection
from conditions.models import Answer
from conditions.roles import Role
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import isolated_page
from tests.factories import ConditionFactory, MembershipFactory, make_member

AXE = "/static/vendor/axe-core/axe.min.js"  # from the live server, which the pages' CSP allows
BLOCKING_IMPACTS = {"moderate", "serious", "critical"}
WIDTHS = [320, 390, 1280]
VISITOR, MEMBER = "visitor", "member"
EXPECTED_STATUS_ERROR = re.compile(r"Failed to load resource: the server responded with a status of 40[34]")


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # formatted with the world's ids: {condition}, {question}, {bob}, {thread}, ...
    audiences: tuple[str, ...] = (VISITOR, MEMBER)
    status: int = 200


PAGES = [
    Page("home", "/"),
    Page("index", "/conditions/"),
    Page("search", "/conditions/?q=hemochromatosis"),
    Page("search without results", "/conditions/?q=nothing-matches-this"),
    Page("condition", "/conditions/{condition}/"),
    Page("causes", "/conditions/{condition}/causes/"),
    Page("questions", "/conditions/{condition}/questions/"),
    Page("question", "/conditions/{condition}/questions/{question}/"),
    Page("map", "/conditions/{condition}/map/"),
    Page("people", "/conditions/{condition}/people/", (MEMBER,)),
    Page("my profile", "/community/profile/", (MEMBER,)),
    Page("member", "/community/members/{bob}/", (MEMBER,)),
    Page("connections", "/community/connections/", (MEMBER,)),
    Page("inbox", "/community/messages/", (MEMBER,)),
    Page("thread", "/community/messages/{thread}/", (MEMBER,)),
    Page("join", "/community/join/{other_condition}/", (MEMBER,)),
    Page("report a member", "/community/members/{bob}/report/", (MEMBER,)),
    Page("delete my account", "/community/delete-account/", (MEMBER,)),
    Page("leave a map", "/community/memberships/{condition}/leave/", (MEMBER,)),
    Page("remove a connection", "/community/connections/{thread}/remove/", (MEMBER,)),
    Page("forbidden", "/conditions/{condition}/questions/{question}/answers/{own_answer}/report/", (MEMBER,), 403),
    Page("log in", "/accounts/login/", (VISITOR,)),
    Page("sign up", "/accounts/signup/", (VISITOR,)),
    Page("password reset", "/accounts/password/reset/", (VISITOR,)),
    Page("password reset sent", "/accounts/password/reset/done/", (VISITOR,)),
    Page("email confirmation sent", "/accounts/confirm-email/", (VISITOR,)),
    Page("broken email confirmation link", "/accounts/confirm-email/not-a-key/", (VISITOR,)),
    Page("broken password reset link", "/accounts/password/reset/key/1-bad-key/", (VISITOR,)),
    Page("email", "/accounts/email/", (MEMBER,)),
    Page("password change", "/accounts/password/change/", (MEMBER,)),
    Page("log out", "/accounts/logout/", (MEMBER,)),
    Page("privacy policy", "/privacy/"),
    Page("terms of use", "/terms/"),
    Page("contact", "/contact/"),
    Page("consent", "/community/consent/", (MEMBER,)),
    Page("not found", "/no-such-page/", status=404),
]


@pytest.fixture
def pages_world(condition, alice, bob, valencia):
    """alice (signed in for the member's pages) is on the map with bob, connected with him, has a
    new message from him and a request from dora; she answered a question."""
    MembershipFactory(member=alice.profile, condition=condition, role=Role.FAMILY)
    MembershipFactory(member=bob.profile, condition=condition)
    dora = make_member("dora", "Dora from the coast", valencia)
    MembershipFactory(member=dora, condition=condition)
    connection = Connection.objects.request(alice.profile, bob.profile, "Hello from Valencia.")
    connection.accept(bob.profile)
    connection.send(bob.profile, "Hi Alice, welcome. What helped you most in the first months?")
    connection.send(alice.profile, "Talking to other parents, and a good hepatologist.")
    connection.send(bob.profile, "Same for us.")
    Connection.objects.request(dora, alice.profile, "We live near each other.")
    question = condition.questions.get(slug="hereditary")
    answer = Answer.objects.write(
        question,
        alice,
        name="Alice in Valencia",
        listed=True,
        role=Role.FAMILY,
        text="We were told it is not.",
        choice="no",
    )
    other = ConditionFactory(name="Wilson disease", synonyms="Hepatolenticular degeneration")
    return {
        "condition": condition.slug,
        "question": question.slug,
        "own_answer": answer.pk,
        "bob": bob.profile.public_id,
        "thread": connection.public_id,
        "other_condition": other.slug,
        "alice": alice,
    }


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
