"""Test settings: the real settings, with what tests need set before they are read."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-to-pass-django-checks-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SITE_URL", "http://testserver")

from diseasemaps.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Tests serve static files through the finders; there is no collected STATIC_ROOT to scan.
STATIC_ROOT = None
# Tasks run as soon as they are enqueued (after the request's transaction commits), with or without
# REDIS_URL: a test sees the email a request sends. Tests of retries switch to the dummy backend
# (tests/commits.py); tests/project/test_tasks.py runs the database and RQ queues with their workers.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
