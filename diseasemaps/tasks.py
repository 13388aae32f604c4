"""Background tasks through Django's tasks API (the django-tasks backport): emails are sent by a
worker, never inside a request, and retried with back-off; `queue_is_ready()` tells /readyz whether
the queue can take tasks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def backoff(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt`: 1, 2, 4, 8... minutes."""
    return timedelta(minutes=2 ** (attempt - 1))


def enqueue_on_commit(job: Task, *args) -> None:
    """Enqueue `job` once the current transaction commits: a request that rolls back enqueues
    nothing, and a queue that cannot take it is logged, never an error page (robust)."""
    transaction.on_commit(lambda: job.enqueue(*args), robust=True)


def retry_or_give_up(job: Task, attempt: int, error: Exception, *args) -> str:
    """After failed attempt `attempt` of `job(*args, attempt)`, enqueue the next one after its
    back-off, or give up after EMAIL_TASK_ATTEMPTS. Logs the error's kind only: an SMTP error
    can quote addresses."""
    limit = settings.EMAIL_TASK_ATTEMPTS
    kind = type(error).__name__
    if attempt >= limit:
        logger.error("%s failed %d times (%s): given up", job.name, attempt, kind)
        return "given up"
    wait = backoff(attempt)
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + wait)
    logger.warning("%s failed, attempt %d of %d (%s): retrying in %s", job.name, attempt, limit, kind, wait)
    job.enqueue(*args, attempt + 1)
    return "retrying"


def serialise_email(message: EmailMessage) -> dict:
    """What a worker needs to send `message` again, as JSON."""
    html = [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
    return {
        "subject": message.subject,
        "body": message.body,
        "subtype": message.content_subtype,
        "html": html[0] if html else None,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
    }


def email_from(data: dict) -> EmailMessage:
    message = EmailMultiAlternatives(
        data["subject"], data["body"], data["from_email"], data["to"], headers=data["headers"]
    )
    message.content_subtype = data["subtype"]
    if data["html"]:
        message.attach_alternative(data["html"], "text/html")
    return message


@task()
def send_email(data: dict, attempt: int = 1) -> str:
    """Send one rendered email; on a mail server error, try again later."""
    try:
        email_from(data).send()
    except OSError as error:  # smtplib.SMTPException is an OSError too
        return retry_or_give_up(send_email, attempt, error, data)
    return "sent"


def send_later(message: EmailMessage) -> None:
    """Send `message` from the task worker once the current transaction commits."""
    enqueue_on_commit(send_email, serialise_email(message))


def check_queue() -> None:
    """Raise unless the task queue can take tasks: its table answers (database backend) or its
    Redis answers (RQ). /readyz reports it."""
    backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__
    QUEUE_CHECKS.get(backend, lambda: None)()


def queue_is_ready() -> bool:
    """check_queue() as a yes or no; never raises."""
    try:
        check_queue()
    except Exception:
        logger.warning("The task queue is not ready", exc_info=True)
        return False
    return True


def database_queue_answers() -> None:
    from django_tasks_db.models import DBTaskResult

    list(DBTaskResult.objects.order_by().values_list("pk")[:1])


def redis_queue_answers() -> None:
    import django_rq

    django_rq.get_connection("default").ping()


QUEUE_CHECKS: dict[str, Callable[[], None]] = {
    "DatabaseBackend": database_queue_answers,
    "RQBackend": redis_queue_answers,
}
