from __future__ import annotations

from functools import cache

from django.core.paginator import Paginator
from django.shortcuts import render

from conditions import index
from conditions.languages import content_language
from conditions.models import (
    Answer,
    Article,
    Condition,
    HelpfulVote,
    Question,
    can_preview,
    get_article_or_404,
    get_condition_or_404,
    get_question_or_404,
)
from conditions.seo import medical_condition
from conditions.standard_questions import QuestionKind
from diseasemaps.http import absolute_url, require_safe
from diseasemaps.page_cache import cache_for_members, cache_for_visitors

MAX_QUERY_LENGTH = 100
CAUSES_ANSWERS_SHOWN = 3  # on the page of a condition that has no causes article yet
ANSWERS_PER_PAGE = 20
CACHED_ANSWER_PAGES = {"1", "2", "3"}


@require_safe
@cache_for_visitors(Condition.objects.index_version, vary=index.variant)
def condition_index(request):
    """The A–Z, a page per letter; with `q`, the search results, in search's order."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    conditions = Condition.objects.visible_to(request.user)
    if query:
        context = index.search_results(conditions, query, request.GET.get("page"))
    else:
        context = index.letter_page(conditions, request.GET.get("letter"), request.GET.get("page"))
    return render(request, "conditions/index.html", context)


@require_safe
@cache_for_visitors(Condition.objects.content_version)
@cache_for_members(Condition.objects.content_version, private=can_preview)
def condition_detail(request, slug: str):
    condition = get_condition_or_404(slug, request.user)
    context = {  # the summary's pieces are fetched only when its cached fragment is rendered again
        "condition": condition,
        "article": cache(lambda: Article.objects.for_condition(condition, content_language(), request.user)),
        "top_questions": cache(condition.top_questions),
        "causes_answers": cache(lambda: list(Answer.objects.about_causes_of(condition)[:CAUSES_ANSWERS_SHOWN])),
        "literature": cache(condition.literature),
        "schema": medical_condition(condition, absolute_url(condition.get_absolute_url())),
    }
    return render(request, "conditions/detail.html", context)


@require_safe
@cache_for_visitors(Condition.objects.article_version)
def causes_article(request, slug: str):
    condition = get_condition_or_404(slug, request.user)
    context = {
        "condition": condition,
        "article": get_article_or_404(condition, request.user, content_language()),
        "schema": medical_condition(condition, absolute_url(condition.get_absolute_url())),
    }
    return render(request, "conditions/causes.html", context)


@require_safe
@cache_for_visitors(Condition.objects.questions_version)
def question_list(request, slug: str):
    condition = get_condition_or_404(slug, request.user)
    questions = condition.questions.with_activity()
    return render(request, "conditions/questions.html", {"condition": condition, "questions": questions})


def answers_page_variant(request) -> str | None:
    """The first pages of answers are cached for visitors; later ones are rendered each time."""
    number = request.GET.get("page", "1")
    return number if number in CACHED_ANSWER_PAGES else None


@require_safe
@cache_for_visitors(Question.objects.content_version, vary=answers_page_variant)
def question_detail(request, slug: str, question_slug: str):
    condition = get_condition_or_404(slug, request.user)
    question = get_question_or_404(condition, question_slug)
    answers = Answer.objects.of_question(question, content_language())  # the reader's language first
    answers = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    split = Answer.objects.choice_split(question) if question.is_closed else []
    context = {
        "condition": condition,
        "question": question,
        "answers": answers,
        "split": split,
        "split_total": sum(share.count for share in split),
        "helpful_ids": HelpfulVote.objects.given_by(request.user, answers.object_list),
        "others": condition.questions.exclude(pk=question.pk),
        "literature": condition.literature() if question.kind == QuestionKind.SYMPTOMS else [],
    }
    return render(request, "conditions/question.html", context)
