"""Members answer the questions of the conditions they joined, mark answers as helpful and report
them. Who may write is decided here, with their membership; `conditions` shows the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.answers.forms import AnswerForm, ReportForm
from community.answers.limits import LIMIT_MESSAGES
from community.limits import within_limit
from community.models import Membership
from conditions.models import Answer, AnswerReport, get_condition_or_404, get_question_or_404, get_visible_answer_or_404


def question_of(request, slug: str, question_slug: str):
    condition = get_condition_or_404(slug, request.user)
    return get_question_or_404(condition, question_slug)


def limit_reached(request, action: str, question) -> object | None:
    if within_limit(request.user, action):
        return None
    messages.error(request, LIMIT_MESSAGES[action])
    return redirect(question)


@require_POST
@login_required
def answer(request, slug: str, question_slug: str):
    """Write or rewrite one's answer. Members of another condition are invited to join this one."""
    question = question_of(request, slug, question_slug)
    membership = Membership.objects.answering(request.user, question)
    if membership is None:
        messages.info(request, _("Join the %(name)s community to answer.") % {"name": question.condition.name})
        return redirect("community:join", slug=question.condition.slug)
    existing = Answer.objects.filter(question=question, author=request.user).first()
    form = AnswerForm(request.POST, instance=existing, question=question)
    if not form.is_valid():
        return render(request, "community/answers/answer_form.html", {"question": question, "form": form}, status=400)
    if limited := limit_reached(request, "answer", question):
        return limited
    saved = form.save_for(membership)
    messages.success(request, _("Your answer is saved.") if existing else _("Thank you: your answer is published."))
    return redirect(f"{question.get_absolute_url()}#answer-{saved.pk}")


@require_POST
@login_required
def delete_answer(request, slug: str, question_slug: str):
    question = question_of(request, slug, question_slug)
    deleted, _rows = Answer.objects.filter(question=question, author=request.user).delete()
    if deleted:
        messages.success(request, _("Your answer is deleted."))
    return redirect(question)


@require_POST
@login_required
def helpful(request, slug: str, question_slug: str, answer_id: int):
    """Mark an answer as helpful, or undo it: one vote per member, never on one's own answer."""
    question = question_of(request, slug, question_slug)
    target = get_visible_answer_or_404(answer_id, request.user, question)
    if limited := limit_reached(request, "vote", question):
        return limited
    try:
        if request.POST.get("helpful") == "0":
            target.unmark_helpful(request.user)
        else:
            target.mark_helpful(request.user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    return redirect(f"{question.get_absolute_url()}#answer-{target.pk}")


@login_required
def report(request, slug: str, question_slug: str, answer_id: int):
    """Tell the curators what is wrong with an answer (one report per member per answer)."""
    question = question_of(request, slug, question_slug)
    target = get_visible_answer_or_404(answer_id, request.user, question)
    if target.author_id == request.user.pk:
        raise PermissionDenied(_("You cannot report your own answer; edit or delete it instead."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited := limit_reached(request, "report", question):
            return limited
        AnswerReport.objects.report(target, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        messages.success(request, _("Thank you. Curators will look at this answer."))
        return redirect(question)
    return render(
        request, "community/answers/report_answer.html", {"question": question, "answer": target, "form": form}
    )
