"""The task queue: the database backend (the default) and its worker send what requests enqueue,
and `queue_is_ready` says when the queue cannot take tasks (for /readyz)."""

from __future__ import annotations

import django_rq
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import Job
from rq import SimpleWorker

from diseasemaps.tasks import queue_is_ready, send_email
from tests.community.members.helpers import signup_data
from tests.project.helpers import PRODUCTION_ENV, run_manage
from tests.redis_server import RedisServer, free_port

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [("", "django_tasks_db.DatabaseBackend"), ("redis://127.0.0.1:6379/1", "django_tasks_rq.RQBackend")],
)
def test_the_database_queue_is_the_default_and_redis_url_moves_it_to_rq(redis_url, backend):
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = run_manage("shell", "--no-imports", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": redis_url})
    assert result.stdout.strip() == backend, result.stderr


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections
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
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/0", "SOCKET_TIMEOUT": 1}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    assert queue_is_ready() is False


@pytest.fixture
def rq_queue(settings):
    """The RQ backend on a redis-server of the test's own, as production runs it with REDIS_URL."""
    server = RedisServer(free_port())
    server.start()
    settings.RQ_QUEUES = {"default": {"URL": server.url}}
    settings.TASKS = RQ_QUEUE
    yield django_rq.get_queue("default")
    server.stop()


@pytest.mark.redis
def test_with_redis_a_sign_up_queues_its_email_in_rq_and_rqworker_sends_it(rq_queue, valencia):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = Client().post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert mail.outbox == []
    assert rq_queue.count == 1
    # What `rqworker --job-class django_tasks_rq.Job` runs (django_rq is installed only with REDIS_URL).
    SimpleWorker([rq_queue], connection=rq_queue.connection, job_class=Job).work(burst=True)
    assert [message.to for message in mail.outbox] == [["rosa.newcomer@example.org"]]


@pytest.mark.redis
def test_with_redis_the_queue_is_ready(rq_queue):
    assert queue_is_ready() is True


@pytest.mark.redis
def test_with_redis_a_failed_email_is_scheduled_again_in_rq(rq_queue, settings):
    settings.EMAIL_BACKEND = "tests.mailers.UnreachableBackend"
    queue = rq_queue
    message = {"subject": "Hi", "body": "Hello", "subtype": "plain", "html": None, "from_email": None}
    assert send_email.call({**message, "to": ["someone@example.org"], "headers": {}}) == "retrying"
    assert queue.scheduled_job_registry.count == 1  # rqworker --with-scheduler moves it to the queue when due
    assert mail.outbox == []
