"""Test settings: the real settings, with what tests need set before they are read."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-to-pass-django-checks-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SITE_URL", "http://testserver")


def redis_database_of_this_worker(url: str, worker: str) -> str:
    """Each pytest-xdist worker ("gw0", "gw1"...) gets a Redis database of its own, counting from
    the one in `url`: tests empty theirs, and the workers' test databases reuse the same ids."""
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{first + int(worker.removeprefix('gw'))}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = redis_database_of_this_worker(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])

from diseasemaps.settings import *  # noqa: E402, F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Tests serve static files through the finders; there is no collected STATIC_ROOT to scan.
STATIC_ROOT = None
# Tasks run as soon as they are enqueued (after the request's transaction commits), with or without
# REDIS_URL: a test sees the email a request sends. Tests of retries switch to the dummy backend
# (tests/commits.py); tests/project/test_tasks.py runs the database and RQ queues with their workers.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Keep every map's drawing, however small, so that every test of the map's freshness draws it from
# a kept drawing brought up to date (community/maps/kept.py).
MAP_KEPT_MIN_PLACES = 1
