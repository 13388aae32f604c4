"""The member's page asking for a condition's map: close conditions are suggested first, and a code
or a name the site knows points to its condition instead of making a request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.condition_requests.forms import ConditionRequestForm
from community.limits import within_limit
from community.models.condition_requests import NAME_LENGTH, ConditionRequest, condition_named, condition_with_code
from conditions.models import Condition

SUGGESTIONS = 5
TEMPLATE = "community/condition_requests/ask.html"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def ask(request):
    """Ask for a map of a condition: GET shows the form (the name prefilled from `?name=`), POST
    suggests close conditions until the member rules them out, then records the request."""
    if request.method != "POST":
        form = ConditionRequestForm(initial={"name": request.GET.get("name", "")[:NAME_LENGTH]})
        return render(request, TEMPLATE, {"form": form})
    form = ConditionRequestForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form})
    name, code = form.cleaned_data["name"], form.cleaned_data["code"]
    known = (condition_with_code(code) if code else None) or condition_named(name)
    if known is not None:
        return render(request, TEMPLATE, {"form": form, "known": known})
    suggestions = list(Condition.objects.published().search(name)[:SUGGESTIONS])
    if form.needs_confirmation(suggestions):
        return render(request, TEMPLATE, {"form": form, "suggestions": suggestions})
    if not within_limit(request.user, "condition_request"):
        form.add_error(None, _("You have asked for many conditions today. Please try again tomorrow."))
        return render(request, TEMPLATE, {"form": form}, status=429)
    asked = ConditionRequest.objects.ask(request.user, name, code, form.cleaned_data["note"])
    if asked.counted:
        messages.success(
            request,
            _("Your request for %(name)s is sent. We will email you once a curator has looked at it.") % {"name": name},
        )
    else:
        messages.info(request, _("You have already asked for this condition. We will email you once it is decided."))
    return redirect(reverse("community:profile") + "#condition-requests")
