"""The models of the conditions app, one module per kind. Each module imports the ones it builds
on (conditions <- questions <- answers <- articles) and never this package, so there is no import
circle and the models load the same whatever the order of INSTALLED_APPS.

Everything public is re-exported: `from conditions.models import Answer, Question` is the way in.
"""

from __future__ import annotations

from conditions.models.answers import (
    MAX_ANSWER_LENGTH,
    MAX_REPORT_NOTE_LENGTH,
    MIN_ANSWERS_FOR_PERCENTAGES,
    Answer,
    AnswerQuerySet,
    AnswerReport,
    AnswerReportQuerySet,
    Choice,
    ChoiceShare,
    HelpfulVote,
    HelpfulVoteQuerySet,
    ReportReason,
    get_visible_answer_or_404,
    whole_percentages,
)
from conditions.models.articles import (
    SUMMARY_WORDS,
    Article,
    ArticleDraft,
    ArticleQuerySet,
    ArticleSection,
    ArticleStatus,
    get_article_or_404,
)
from conditions.models.conditions import (
    Condition,
    ConditionQuerySet,
    can_preview,
    get_condition_or_404,
    icd10_validator,
    orpha_validator,
)
from conditions.models.literature import OrganSystem, PhenotypeTerm, PhenotypeTermQuerySet
from conditions.models.questions import (
    Question,
    QuestionQuerySet,
    get_question_or_404,
    get_visible_question_or_404,
)

__all__ = [
    "MAX_ANSWER_LENGTH",
    "MAX_REPORT_NOTE_LENGTH",
    "MIN_ANSWERS_FOR_PERCENTAGES",
    "SUMMARY_WORDS",
    "Answer",
    "AnswerQuerySet",
    "AnswerReport",
    "AnswerReportQuerySet",
    "Article",
    "ArticleDraft",
    "ArticleQuerySet",
    "ArticleSection",
    "ArticleStatus",
    "Choice",
    "ChoiceShare",
    "Condition",
    "ConditionQuerySet",
    "HelpfulVote",
    "HelpfulVoteQuerySet",
    "OrganSystem",
    "PhenotypeTerm",
    "PhenotypeTermQuerySet",
    "Question",
    "QuestionQuerySet",
    "ReportReason",
    "can_preview",
    "get_article_or_404",
    "get_condition_or_404",
    "get_question_or_404",
    "get_visible_answer_or_404",
    "get_visible_question_or_404",
    "icd10_validator",
    "orpha_validator",
    "whole_percentages",
]
