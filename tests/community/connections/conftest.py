"""The connections' tests: what a request enqueues once it commits (notifications) is run."""

from __future__ import annotations

import pytest

from tests.commits import commit_after_each_request, queued  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _commits(request) -> None:
    """Notifications are tasks enqueued after the request commits."""
    request.getfixturevalue("commit_after_each_request")
