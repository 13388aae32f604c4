"""The answers' tests: a signed-in reader, and alice and bob on the condition's map."""

from __future__ import annotations

import pytest
from django.test import Client

from conditions.roles import Role
from tests.factories import MembershipFactory, client_for


@pytest.fixture
def reader(charlie) -> Client:
    """A signed-in member, who sees the pseudonyms of authors who chose to be named."""
    return client_for(charlie)


@pytest.fixture
def alice_on(condition, alice):
    """alice is a member of the condition, as a family member."""
    return MembershipFactory(member=alice.profile, condition=condition, role=Role.FAMILY)


@pytest.fixture
def bob_on(condition, bob):
    return MembershipFactory(member=bob.profile, condition=condition)
