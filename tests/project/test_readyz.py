"""/readyz: the database, the cache and the task queue, each named in a JSON answer (issue 13, item 7)."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from diseasemaps import cache as resilient
from diseasemaps import readiness
from tests.broken_cache import BROKEN_CACHES
from tests.factories import client_for


@pytest.fixture(autouse=True)
def fresh_health():
    resilient.Health.reset()
    yield
    resilient.Health.reset()


def test_ready_when_every_part_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "tasks": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_a_cache_that_is_down_answers_503_naming_it(client, db, settings):
    settings.CACHES = BROKEN_CACHES
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable", "tasks": "ok"}


def test_a_database_that_is_down_answers_503_naming_it(client, db, monkeypatch):
    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(readiness, "check_database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "cache": "ok", "tasks": "ok"}


def test_the_task_queue_is_checked_once_tasks_are_configured(client, db, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert client.get("/readyz").json() == {"database": "ok", "cache": "ok", "tasks": "ok"}

    def down():
        raise ConnectionError("queue down")

    monkeypatch.setattr(readiness, "check_tasks", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["tasks"] == "unavailable"


def test_a_failing_part_is_logged_when_it_fails_and_when_it_is_back_not_at_every_probe(client, db, settings, caplog):
    readiness.last_states.clear()
    settings.CACHES = BROKEN_CACHES
    for _probe in range(5):
        assert client.get("/readyz").status_code == 503
    resilient.Health.reset()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert client.get("/readyz").status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name in {"diseasemaps.readiness", "django.request"}]
    assert lines == [
        "readyz: cache unavailable: NotReady: the cache did not give back what was written",
        "readyz: cache ok again",
    ]


def test_not_cached_between_calls(client, db, settings):
    assert client.get("/readyz").status_code == 200
    settings.CACHES = BROKEN_CACHES
    assert client.get("/readyz").status_code == 503


def test_a_member_without_consent_is_not_sent_to_the_consent_page(alice, db):
    profile = alice.profile
    profile.health_data_consent_version = "an-older-policy"
    profile.save()
    response = client_for(alice).get("/readyz")
    assert response.status_code == 200


def test_only_reads(client, db):
    assert client.post("/readyz").status_code == 405


def test_healthz_stays_a_bare_liveness_probe(client, db, settings, django_assert_num_queries):
    settings.CACHES = BROKEN_CACHES
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
