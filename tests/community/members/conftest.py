"""The members' tests: test clients signed in as alice and as bob."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    bob_client = Client()
    bob_client.force_login(bob)
    return bob_client
