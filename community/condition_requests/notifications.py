"""The email telling each member who asked for a condition what curators decided: sent by the task
worker once the decision commits, once per member, and tried again later if mail fails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from community.models import Profile
from community.models.condition_requests import ConditionRequest, ConditionRequestAsker, RequestStatus
from diseasemaps.tasks import enqueue_on_commit, retry_or_give_up

SUBJECTS = {
    RequestStatus.APPROVED: _("Your request for %(name)s is approved"),
    RequestStatus.DECLINED: _("Your request for %(name)s is declined"),
}


def tell_askers(request: ConditionRequest) -> None:
    """Called when a request is decided: one email per member who asked, once it commits."""
    for asker_id in request.askers.values_list("pk", flat=True):
        enqueue_on_commit(send_request_outcome, asker_id)


@task()
def send_request_outcome(asker_id: int, attempt: int = 1) -> str:
    try:
        return send_outcome(asker_id, attempt)
    except (OperationalError, InterfaceError) as error:
        return retry_or_give_up(send_request_outcome, attempt, error, asker_id)


def send_outcome(asker_id: int, attempt: int) -> str:
    asker = (
        ConditionRequestAsker.objects.select_related("request__condition", "user")
        .exclude(request__status=RequestStatus.OPEN)
        .filter(pk=asker_id, user__is_active=True)
        .first()
    )
    if asker is None or not asker.user.email:
        return "gone"
    now = timezone.now()
    # Claim the email in one UPDATE, so that a task run twice sends it once.
    if not ConditionRequestAsker.objects.filter(pk=asker.pk, notified_at=None).update(notified_at=now):
        return "sent already"
    request = asker.request
    condition = request.condition if request.condition and request.condition.is_published else None
    context = {"request": request, "condition": condition, "site_url": settings.SITE_URL}
    language = Profile.objects.filter(user=asker.user).values_list("language", flat=True).first()
    with translation.override(language or settings.LANGUAGE_CODE):  # the asker's language, links included
        body = render_to_string(f"community/condition_requests/email/{request.status}.txt", context)
        subject = str(SUBJECTS[request.status]) % {"name": request.name}
    try:
        send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, [asker.user.email])
    except OSError as error:
        ConditionRequestAsker.objects.filter(pk=asker.pk, notified_at=now).update(notified_at=None)
        return retry_or_give_up(send_request_outcome, attempt, error, asker_id)
    return "sent"
