"""The conditions' tests: test clients signed in as the curator and as the superuser."""

from __future__ import annotations

import pytest


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
