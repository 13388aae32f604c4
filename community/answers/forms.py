"""Forms members write answers and reports with."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from conditions.models import MAX_ANSWER_LENGTH, Answer, AnswerReport, Choice, Question


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["choice", "text"]
        widgets = {
            "choice": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_ANSWER_LENGTH}),
        }

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Your answer")
        if question.is_closed:
            self.fields["choice"].required = True
            self.fields["choice"].choices = Choice.choices
            self.fields["choice"].label = _("In short")
        else:
            del self.fields["choice"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write a few words from your experience."))
        return text


class ReportForm(forms.ModelForm):
    class Meta:
        model = AnswerReport
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": _("What is wrong with this answer?"), "note": _("Anything curators should know (optional)")}
