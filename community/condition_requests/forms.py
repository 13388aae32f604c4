"""The member's form asking for a condition, and the curator's decision on a request in the admin."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from community.models.condition_requests import (
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    NAME_LENGTH,
    ConditionRequest,
    condition_named,
    normalise_code,
)
from conditions.models import Condition
from conditions.text import fold

CONTROL_CHARACTERS = _("Remove the control characters (invisible characters) from this text.")
BAD_CODE = _("Write an ORPHA code (ORPHA:905) or an OMIM number (OMIM:277900).")


class PlainTextField(forms.CharField):
    """Text without NUL or other control characters; `multiline` allows line breaks and tabs."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allowed = {"\n", "\t"} if multiline else set()
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\n" in self.allowed else text

    def validate(self, value) -> None:
        super().validate(value)
        if any(not char.isprintable() and char not in self.allowed for char in value):
            raise ValidationError(CONTROL_CHARACTERS, code="control_characters")


class ConditionRequestForm(forms.Form):
    name = PlainTextField(
        label=_("Name of the condition"),
        max_length=NAME_LENGTH,
        error_messages={"required": _("Write the name of the condition.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    code = PlainTextField(
        label=_("ORPHA or OMIM code (optional)"),
        required=False,
        max_length=20,
        help_text=_("If you know it, for example ORPHA:905 or OMIM:277900."),
    )
    note = PlainTextField(
        label=_("A note for the curators (optional)"),
        required=False,
        multiline=True,
        max_length=MAX_NOTE_LENGTH,
        help_text=_("Where the name comes from, or anything that helps. Only curators read it: no names or addresses."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    none_of_these = forms.BooleanField(label=_("None of these is my condition"), required=False)
    # The folded name the suggestions were shown for: ticking the box holds for that name only.
    suggestions_for = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not fold(name):
            raise ValidationError(_("Write the name of the condition."), code="required")
        return name

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code:
            return ""
        normalised = normalise_code(code)
        if normalised is None:
            raise ValidationError(BAD_CODE, code="invalid")
        return normalised

    def needs_confirmation(self, suggestions: list[Condition]) -> bool:
        """Whether the member has still to rule out `suggestions`, shown for this very name: the
        first time they are shown, the box is offered unticked; then it must be ticked."""
        if not suggestions:
            return False
        folded = fold(self.cleaned_data["name"])
        if self.cleaned_data["suggestions_for"] != folded:
            self.data = self.data.copy()
            self.data.update({"suggestions_for": folded, "none_of_these": ""})
            return True
        if not self.cleaned_data["none_of_these"]:
            self.add_error("none_of_these", _("Tick the box if none of these conditions is yours."))
            return True
        return False


DECISIONS = [
    ("", _("Leave it open")),
    ("create", _("Approve: create the condition, published, with its standard questions")),
    ("merge", _("Approve: merge it into the condition chosen below, adding the name as a synonym")),
    ("decline", _("Decline, with the reason below")),
]


class DecisionForm(forms.ModelForm):
    """The curator's decision on an open request; the admin carries it out (ConditionRequestAdmin)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, required=False, widget=forms.RadioSelect)

    class Meta:
        model = ConditionRequest
        fields = ["decision", "condition", "decline_reason"]
        labels = {"condition": _("Merge into"), "decline_reason": _("Reason for declining")}
        help_texts = {
            "condition": _("Only to merge: a published condition the request is another name of."),
            "decline_reason": _("Required to decline. Every member who asked receives it by email."),
        }
        widgets = {"decline_reason": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REASON_LENGTH})}

    def clean(self) -> dict:
        cleaned = super().clean()
        decision, condition = cleaned.get("decision"), cleaned.get("condition")
        if decision == "merge" and (condition is None or not condition.is_published):
            self.add_error("condition", _("Choose the published condition to merge this request into."))
        if decision == "create" and (known := condition_named(self.instance.name)) is not None:
            message = _("%(name)s has this name already: merge the request into it.") % {"name": known.name}
            self.add_error("decision", message)
        if decision == "decline" and not cleaned.get("decline_reason", "").strip():
            self.add_error("decline_reason", _("Tell the members why their request is declined."))
        return cleaned
