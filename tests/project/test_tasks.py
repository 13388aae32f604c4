"""The task queue: the database backend (the default) and its worker send what requests enqueue,
and `queue_is_ready` says when the queue cannot take tasks (for /readyz)."""

from __future__ import annotations

import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django_tasks_db.models import DBTaskResult

from diseasemaps.tasks import queue_is_ready
from tests.community.members.helpers import signup_data

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_embedded_default_is_the_database_queue():
    from diseasemaps import settings as production

    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend" or production.REDIS_URL


def test_a_sign_up_queues_its_email_in_the_database_and_db_worker_sends_it(settings, valencia):
    settings.TASKS = DATABASE_QUEUE
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = Client().post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert mail.outbox == []
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "diseasemaps.tasks.send_email"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [message.to for message in mail.outbox] == [["rosa.newcomer@example.org"]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_the_database_queue_is_ready(settings):
    settings.TASKS = DATABASE_QUEUE
    assert queue_is_ready() is True


def test_a_queue_whose_redis_does_not_answer_is_not_ready(settings):
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{closed_port()}/0", "SOCKET_TIMEOUT": 1}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    assert queue_is_ready() is False
