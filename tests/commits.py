"""Fixtures for the tests of work done after a request commits: emails sent by tasks."""

from __future__ import annotations

import pytest
from django.test import Client, TestCase
from django_tasks import default_task_backend


@pytest.fixture
def commit_after_each_request(monkeypatch):
    """Run what each test-client request left for after its commit (on_commit), as a server does
    when the request's transaction commits. The test's own transaction never commits, so without
    this no task would be enqueued. What a rolled-back block left is dropped, as in production."""
    original = Client.request

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def queued(settings):
    """Tasks are kept, not run: the list of those enqueued; run them with `run_queued`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend.results


def run_queued(results: list) -> list:
    """Run the tasks enqueued so far, as the worker would, including those they enqueue (retries)
    when `results` is checked again; return what each returned."""
    pending, returned = list(results), []
    results.clear()
    for result in pending:
        returned.append(result.task.call(*result.args, **result.kwargs))
    return returned
