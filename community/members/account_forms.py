"""allauth's account forms with the site's wording: sentence-case labels, and no placeholders that
repeat the label (ACCOUNT_FORMS in settings)."""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

LABELS = {
    "login": _("Email"),
    "email": _("Email"),
    "password": _("Password"),
    "remember": _("Keep me logged in on this device"),
    "oldpassword": _("Current password"),
    "password1": _("New password"),
    "password2": _("New password (again)"),
}


class InOurWords:
    labels = LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            field.widget.attrs.pop("placeholder", None)


class LoginForm(InOurWords, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(InOurWords, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(InOurWords, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(InOurWords, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(InOurWords, allauth_forms.SetPasswordForm):
    labels = {**LABELS, "password1": _("Password"), "password2": _("Password (again)")}


class AddEmailForm(InOurWords, allauth_forms.AddEmailForm):
    labels = {**LABELS, "email": _("New email address")}
