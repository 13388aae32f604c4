"""What the tests of condition requests share: the form's address, asking through it, and the
admin's addresses and decision form."""

from __future__ import annotations

from django.urls import reverse

from community.models import ConditionRequest
from conditions.text import fold

ASK_URL = "/community/conditions/request/"
PROFILE_URL = "/community/profile/"
ADMIN_LIST_URL = "/admin/community/conditionrequest/"


def ask(client, name: str, code: str = "", note: str = "", *, confirm: bool = False, **extra):
    """Post the form as a member fills it; `confirm` ticks "none of these is my condition" for the
    suggestions shown for this name."""
    data = {"name": name, "code": code, "note": note, **extra}
    if confirm:
        data.update(none_of_these="on", suggestions_for=fold(name))
    return client.post(ASK_URL, data)


def admin_change_url(request: ConditionRequest) -> str:
    return reverse("admin:community_conditionrequest_change", args=[request.pk])


def decide(client, request: ConditionRequest, decision: str, merge_into=None, reason: str = ""):
    """The curator's decision, posted from the request's page in the admin."""
    data = {
        "decision": decision,
        "condition": str(merge_into.pk) if merge_into is not None else "",
        "decline_reason": reason,
        "_save": "Save",
    }
    return client.post(admin_change_url(request), data)
