"""Download my data, and delete my account."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.data_rights import delete_member, export_member
from diseasemaps.http import require_safe


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput)
    delete_answers = forms.BooleanField(
        label=gettext_lazy("Also delete my answers (otherwise they stay, signed “a former member”)"), required=False
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my data are deleted for good"),
        error_messages={"required": gettext_lazy("Tick this box to confirm that you want to delete your account.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


@require_safe
@login_required
def download_my_data(request):
    data = json.dumps(export_member(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    name = f"diseasemaps-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_member(user, keep_answers=not form.cleaned_data["delete_answers"])
        messages.success(request, _("Your account and your data are deleted. Take care."))
        return redirect("home")
    return render(request, "community/delete_account.html", {"form": form}, status=400 if form.errors else 200)
