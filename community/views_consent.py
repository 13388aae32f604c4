"""The consent page: members who have not consented to the current privacy policy give it here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community.consent import remember, safe_next
from community.forms import health_data_consent_field
from community.models import Profile, get_own_profile_or_404


class ConsentForm(forms.Form):
    health_data_consent = health_data_consent_field()


@login_required
def consent(request):
    profile = get_own_profile_or_404(request.user)
    next_url = safe_next(request, request.GET.get("next"))
    if profile.has_current_consent:
        return redirect(next_url or "community:profile")
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        Profile.objects.filter(pk=profile.pk).record_health_data_consent()
        remember(request)
        messages.success(request, _("Thank you: your consent is recorded."))
        return redirect(next_url or "community:profile")
    context = {"form": form, "profile": profile, "next": next_url}
    return render(request, "community/consent.html", context, status=400 if form.errors else 200)
