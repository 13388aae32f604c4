"""The forms of connections: a request's note, a message, and a report to the moderators."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy

from community.models import MAX_MESSAGE_LENGTH, ModerationReport
from community.models.connections import MAX_NOTE_LENGTH


class ConnectForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("A short note (optional)"),
        max_length=MAX_NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_LENGTH}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MAX_MESSAGE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_MESSAGE_LENGTH}),
    )
    # A new one each time the form is shown: posting the same form twice sends one message.
    token = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)


class ModerationForm(forms.ModelForm):
    class Meta:
        model = ModerationReport
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "reason": gettext_lazy("What is wrong?"),
            "note": gettext_lazy("Anything moderators should know (optional)"),
        }
