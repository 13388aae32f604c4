"""Forms members write answers and reports with."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from conditions.languages import content_language
from conditions.models import MAX_ANSWER_LENGTH, Answer, AnswerReport, Choice, Question


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["choice", "text", "language"]
        widgets = {
            "choice": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_ANSWER_LENGTH}),
        }
        labels = {"language": _("Language of your answer")}
        help_texts = {
            "language": _("If you leave it as it is, a longer answer's language is recognised from its text.")
        }

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["text"].label = _("Your answer")
        # Proposed: the page's language for a new answer, the answer's own when it is edited.
        self.proposed_language = self.instance.language if self.instance.pk else content_language()
        self.initial["language"] = self.proposed_language
        self.fields["language"].required = False  # left out (the API): as proposed
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

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.proposed_language

    def language_chosen(self) -> bool:
        """Whether the member chose another language than the one proposed (else it is recognised)."""
        return self.cleaned_data["language"] != self.proposed_language

    def save_for(self, membership):
        """Write the member's answer from this valid form."""
        data, detect = self.cleaned_data, not self.language_chosen()
        return membership.answer(
            self.question, data["text"], data.get("choice", ""), language=data["language"], detect=detect
        )


class ReportForm(forms.ModelForm):
    class Meta:
        model = AnswerReport
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": _("What is wrong with this answer?"), "note": _("Anything curators should know (optional)")}
