"""Report a member, or a message they sent you, to the moderators."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.limits import within_limit
from community.models import get_own_profile_or_404, get_reportable_profile_or_404
from community.models.connections import get_connection_or_404
from community.models.moderation import ModerationReport


class ModerationForm(forms.ModelForm):
    class Meta:
        model = ModerationReport
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "reason": gettext_lazy("What is wrong?"),
            "note": gettext_lazy("Anything moderators should know (optional)"),
        }


def file_report(request, reported, message=None, back=None):
    me = get_own_profile_or_404(request.user)
    if reported.pk == me.pk:
        raise Http404(_("You cannot report yourself."))
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not within_limit(request.user, "report"):
            messages.error(request, _("You have sent many reports today. Moderators will look at them."))
            return redirect(back or reported)
        ModerationReport.objects.create(
            reporter=me,
            reported=reported,
            message=message,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Thank you. Moderators will look at it."))
        return redirect(back or reported)
    context = {"form": form, "reported": reported, "reported_message": message}
    return render(request, "community/report.html", context, status=400 if form.errors else 200)


@login_required
def report_member(request, public_id):
    return file_report(request, get_reportable_profile_or_404(public_id, request.user))


@login_required
def report_message(request, public_id, message_id: int):
    """Only a message the other member sent in one's own conversation can be reported."""
    me = get_own_profile_or_404(request.user)
    connection = get_connection_or_404(me, public_id)
    message = connection.messages.filter(pk=message_id).exclude(sender=me).first()
    if message is None:
        raise Http404(_("No such message."))
    return file_report(request, connection.other(me), message, back=connection)
