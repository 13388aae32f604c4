"""Questions and answers API, with the same rules as the pages: anyone reads the answers of a
published condition; its members answer; signed-in members mark answers helpful and report them.
Hidden answers are in no response. Answers' `html` is the sanitised rendering of their `text`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from community.answers.forms import AnswerForm, ReportForm
from community.answers.limits import LIMIT_MESSAGES
from community.limits import within_limit
from community.models import Membership
from community.serializers import StrictSerializer
from conditions.answer_languages import ANSWER_LANGUAGES
from conditions.languages import content_language
from conditions.models import (
    Answer,
    AnswerReport,
    Choice,
    HelpfulVote,
    ReportReason,
    get_condition_or_404,
    get_visible_answer_or_404,
    get_visible_question_or_404,
)
from diseasemaps.api_schema import RATE_LIMITED


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    is_closed = serializers.BooleanField(help_text="Closed questions take a `choice` with each answer.")
    answer_count = serializers.IntegerField()
    last_activity = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(source="get_absolute_url")


class AnswerSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(
        help_text="The author's pseudonym, for signed-in members, if the author chose to be named; else null."
    )
    author_role = serializers.CharField(help_text="The author's role for the condition.")
    author_role_label = serializers.CharField(source="get_author_role_display")
    html = serializers.CharField(help_text="`text` rendered from Markdown and sanitised.")
    helpful = serializers.SerializerMethodField(help_text="Whether you marked it helpful (false when signed out).")

    class Meta:
        model = Answer
        fields = ["id", "author", "author_role", "author_role_label", "choice", "text", "language", "html"]
        fields += ["helpful_count", "helpful", "created_at", "updated_at"]
        extra_kwargs = {"language": {"help_text": "The language it is written in (`other`: not one of the site's)."}}

    def get_author(self, answer: Answer) -> str | None:
        request = self.context.get("request")
        named = answer.author_listed and request is not None and request.user.is_authenticated
        return answer.author_name if named else None

    def get_helpful(self, answer: Answer) -> bool:
        return answer.pk in self.context.get("helpful_ids", set())


class AnswerWriteSerializer(StrictSerializer):
    text = serializers.CharField(help_text="Plain text or Markdown.")
    choice = serializers.ChoiceField(choices=Choice.choices, required=False, help_text="Closed questions only.")
    language = serializers.ChoiceField(
        choices=ANSWER_LANGUAGES,
        required=False,
        help_text="The language you wrote in. Left out, or the request's language (Accept-Language): "
        "recognised from a longer text among the site's languages, else the request's language.",
    )

    def validate_choice(self, value: str) -> str:
        if not self.context["question"].is_closed:
            raise serializers.ValidationError(_("This question takes no short answer; leave out `choice`."))
        return value


class ReportWriteSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class AnswersPage(PageNumberPagination):
    page_size = 20


def check_limit(request, action: str) -> None:
    if not within_limit(request.user, action):
        raise Throttled(detail=str(LIMIT_MESSAGES[action]))


@extend_schema(summary="The questions of a condition, with their answer counts and last activity")
class ConditionQuestionsView(generics.ListAPIView):
    serializer_class = QuestionSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self):
        condition = get_condition_or_404(self.kwargs["slug"], self.request.user)
        return condition.questions.select_related("condition").with_activity()


class QuestionAnswersView(generics.ListAPIView):
    """The shown answers of a question, most helpful first; members of its condition post theirs."""

    serializer_class = AnswerSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = AnswersPage

    def question(self):
        return get_visible_question_or_404(self.kwargs["question_id"], self.request.user)

    def get_queryset(self):
        return Answer.objects.of_question(self.question(), content_language())

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "helpful_ids": getattr(self, "helpful_ids", set())}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.helpful_ids = HelpfulVote.objects.given_by(self.request.user, page)
        return page

    @extend_schema(summary="A question's answers: those in the request's language first, then most helpful first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Write or rewrite your answer (members of the question's condition only)",
        request=AnswerWriteSerializer,
        responses={201: AnswerSerializer, 200: AnswerSerializer, **RATE_LIMITED},
    )
    def post(self, request, question_id: int):
        question = self.question()
        membership = Membership.objects.answering(request.user, question)
        if membership is None:
            raise PermissionDenied(_("Join the %(name)s community to answer.") % {"name": question.condition.name})
        AnswerWriteSerializer(data=request.data, context={"question": question}).is_valid(raise_exception=True)
        existing = Answer.objects.filter(question=question, author=request.user).first()
        form = AnswerForm(request.data, instance=existing, question=question)
        if not form.is_valid():
            raise ValidationError(form.errors)
        check_limit(request, "answer")
        saved = form.save_for(membership)
        code = status.HTTP_200_OK if existing else status.HTTP_201_CREATED
        return Response(AnswerSerializer(saved, context={"request": request}).data, status=code)


class MyAnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Delete your answer to a question", responses={204: None})
    def delete(self, request, question_id: int):
        question = get_visible_question_or_404(question_id, request.user)
        deleted, _rows = Answer.objects.filter(question=question, author=request.user).delete()
        if not deleted:
            raise NotFound(_("You have not answered this question."))
        return Response(status=status.HTTP_204_NO_CONTENT)


class HelpfulView(APIView):
    """One vote per member per answer, never on one's own."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Mark an answer as helpful", request=None, responses={200: AnswerSerializer, **RATE_LIMITED})
    def post(self, request, answer_id: int):
        return self.vote(request, answer_id, helpful=True)

    @extend_schema(summary="Undo your helpful vote", request=None, responses={200: AnswerSerializer, **RATE_LIMITED})
    def delete(self, request, answer_id: int):
        return self.vote(request, answer_id, helpful=False)

    def vote(self, request, answer_id: int, *, helpful: bool) -> Response:
        answer = get_visible_answer_or_404(answer_id, request.user)
        check_limit(request, "vote")
        try:
            answer.mark_helpful(request.user) if helpful else answer.unmark_helpful(request.user)
        except DjangoPermissionDenied as refusal:
            raise PermissionDenied(str(refusal)) from None
        context = {"request": request, "helpful_ids": {answer.pk} if helpful else set()}
        return Response(AnswerSerializer(answer, context=context).data)


class ReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Report an answer to the curators (one report per member per answer)",
        request=ReportWriteSerializer,
        responses={201: None, 200: None, **RATE_LIMITED},
    )
    def post(self, request, answer_id: int):
        answer = get_visible_answer_or_404(answer_id, request.user)
        ReportWriteSerializer(data=request.data).is_valid(raise_exception=True)
        form = ReportForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.errors)
        check_limit(request, "report")
        try:
            _report, created = AnswerReport.objects.report(
                answer, request.user, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
        except DjangoPermissionDenied as refusal:
            raise PermissionDenied(str(refusal)) from None
        return Response(status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
