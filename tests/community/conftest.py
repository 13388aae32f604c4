"""Fixtures for community's tests that check work done after a request commits (emails)."""

from tests.commits import commit_after_each_request, queued  # noqa: F401 (fixtures)
