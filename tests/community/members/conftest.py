"""The members' tests: test clients signed in as alice and as bob; what a request enqueues once
it commits is run."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.commits import commit_after_each_request, queued  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _commits(request) -> None:
    """Emails are tasks enqueued after the request commits."""
    request.getfixturevalue("commit_after_each_request")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    bob_client = Client()
    bob_client.force_login(bob)
    return bob_client
