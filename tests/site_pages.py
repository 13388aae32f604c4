"""Every page of the site, for a visitor and for a signed-in member, listed once: the browser's
checks (tests/browser/test_every_page.py) and the languages' (tests/project/test_every_language.py)
visit each of them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from community.models.connections import Connection
from conditions.models import Answer
from conditions.roles import Role
from tests.factories import ConditionFactory, MembershipFactory, make_member

VISITOR, MEMBER = "visitor", "member"


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
