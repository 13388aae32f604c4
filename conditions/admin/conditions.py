"""Curators edit conditions (with their questions inline), causes articles (with their sections and
the members' answers that informed them, and the draft waiting beside a published one) and questions."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from conditions.languages import TRANSLATIONS, localized
from conditions.models import Answer, Article, ArticleDraft, ArticleSection, ArticleStatus, Condition, Question
from conditions.models.conditions import name_ordering
from conditions.standard_questions import STANDARD_QUESTIONS, QuestionKind

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class QuestionInlineFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """A new condition gets the standard questions on save: keep their addresses free."""
        super().clean()
        if self.instance.pk:
            return  # the (condition, slug) unique check already covers existing conditions
        reserved = {standard.slug for standard in STANDARD_QUESTIONS}
        for form in self.forms:
            if form.cleaned_data.get("slug") in reserved and not form.cleaned_data.get("DELETE"):
                form.add_error("slug", _("This address belongs to a standard question; choose another one."))


class QuestionInline(admin.TabularInline):
    """Questions in English; their other languages are on each question's page (the standard
    questions' are worded from the condition's names)."""

    model = Question
    formset = QuestionInlineFormSet
    fields = ["position", "text_en", "slug", "kind"]
    readonly_fields = ["kind"]
    extra = 1
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text_en":
            field.required = True  # every question has English
        return field

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting is checked per question in QuestionAdmin; inline rows of standard kinds stay.
        return False


# Counted for the rows of the page only: a count grouped over every question took 0.3 s a page of the
# changelist once the catalogue's thousands of conditions were in.
QUESTION_TOTAL = Coalesce(
    Subquery(
        Question.objects.filter(condition=OuterRef("pk"))
        .order_by()
        .values("condition")
        .annotate(n=Count("pk"))
        .values("n")
    ),
    0,
)


def translation_fieldset(language: str) -> tuple:
    """A language's names, summary and the name's gender, folded away until a curator opens it."""
    fields = [localized(field, language) for field in ("name", "name_gender", "synonyms", "description")]
    description = _(
        "Left empty, the English is shown. The standard questions are worded in this language from its name."
    )
    return (LANGUAGE_NAMES[language], {"fields": fields, "classes": ["collapse"], "description": description})


@admin.register(Condition)
class ConditionAdmin(TranslationAdmin):
    """The English name, synonyms and summary first, then each other language's in its own fieldset
    (modeltranslation's plain admin: its tabbed one loads jQuery UI from a CDN)."""

    list_display = ["name", "is_published", "orpha_code", "icd10_code", "article_status", "question_count"]
    list_filter = ["is_published", "causes_article__status"]
    search_fields = ["name", "synonyms", "search_text", "orpha_code", "omim_code", "icd10_code"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name_en",
                    "slug",
                    "synonyms_en",
                    "description_en",
                    ("orpha_code", "omim_code", "icd10_code"),
                    "is_published",
                    "catalogue_version",
                ]
            },
        ),
        *(translation_fieldset(language) for language in TRANSLATIONS),
    ]
    readonly_fields = ["catalogue_version"]
    inlines = [QuestionInline]
    actions = ["publish", "unpublish"]

    def get_ordering(self, request) -> list:
        return name_ordering()  # by the names in the curator's language

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("causes_article").annotate(question_total=QUESTION_TOTAL)

    def get_search_results(self, request, queryset, search_term):
        """Also match names and synonyms ignoring case and accents, like the public search."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            results |= queryset.filter(pk__in=queryset.search(search_term).values("pk"))
        return results, may_have_duplicates

    @admin.display(description=_("causes article"), ordering="causes_article__status")
    def article_status(self, condition: Condition) -> str:
        article = getattr(condition, "causes_article", None)
        return article.get_status_display() if article else "—"

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, condition: Condition) -> int:
        return condition.question_total

    @admin.action(description=_("Publish the selected conditions"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        count = queryset.update(is_published=True)
        queryset.touch()
        self.message_user(request, ngettext("%d condition published.", "%d conditions published.", count) % count)

    @admin.action(description=_("Unpublish the selected conditions"), permissions=["change"])
    def unpublish(self, request, queryset) -> None:
        count = queryset.update(is_published=False)
        queryset.touch()
        self.message_user(request, ngettext("%d condition unpublished.", "%d conditions unpublished.", count) % count)


class CausesAnswerField(forms.ModelMultipleChoiceField):
    """The members' answers to the causes question, by role and helpfulness, without names
    (curators do not need them to tell which answers informed a section)."""

    def label_from_instance(self, answer: Answer) -> str:
        excerpt = answer.text if len(answer.text) <= 140 else answer.text[:139] + "…"
        return _("%(role)s, %(helpful)d helpful: %(text)s") % {
            "role": answer.get_author_role_display(),
            "helpful": answer.helpful_count,
            "text": excerpt,
        }


class ArticleSectionInline(admin.StackedInline):
    model = ArticleSection
    fields = ["position", "heading", "body", "informed_by"]
    extra = 1

    def get_queryset(self, request):
        # Each section form starts from the answers it is informed by: one query for all of them.
        return super().get_queryset(request).prefetch_related(Prefetch("informed_by", Answer.objects.only("pk")))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """A section is informed by members' shown answers to its condition's causes question, in a
        compact scrolling list. The choices are read once for all the sections of the page."""
        if db_field.name != "informed_by":
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        article_id = request.resolver_match.kwargs.get("object_id")
        answers = Answer.objects.none()
        if article_id and str(article_id).isdigit():
            answers = Answer.objects.shown().filter(
                question__kind=QuestionKind.CAUSES, question__condition__causes_article=article_id
            )
        field = CausesAnswerField(
            queryset=answers.order_by("-helpful_count", "pk"),
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "informed-by"}),
            label=capfirst(db_field.verbose_name),
            help_text=_("The members' answers to the causes question this section was written from."),
        )
        field.choices = list(field.choices)  # one query, not one for each section
        return field


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = ["title", "condition", "status", "draft_waiting", "published_at", "reviewed_at", "updated_at"]
    list_filter = ["status", "condition__is_published"]
    search_fields = ["title", "intro", "condition__name", "condition__search_text"]
    list_select_related = ["condition", "waiting_draft"]
    autocomplete_fields = ["condition"]
    date_hierarchy = "updated_at"
    fields = ["condition", "waiting_draft_preview", "title", "intro", "conclusion", "byline", "status"]
    fields += ["published_at", "reviewed_at", "members_answers"]
    readonly_fields = ["published_at", "members_answers", "waiting_draft_preview"]
    inlines = [ArticleSectionInline]
    actions = ["publish", "unpublish", "mark_reviewed", "discard_waiting_drafts"]
    history_list_display = ["status"]

    def save_model(self, request, obj: Article, form, change) -> None:
        obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.record_sections()
        Condition.objects.filter(pk=form.instance.condition_id).touch()  # which answers informed it may have changed

    @admin.display(description=_("draft waiting"))
    def draft_waiting(self, article: Article) -> str:
        return _("Draft waiting") if hasattr(article, "waiting_draft") else ""

    @admin.display(description=_("draft waiting to be published"))
    def waiting_draft_preview(self, article: Article) -> str:
        """The imported draft that waits beside the published article, as it will read."""
        draft = getattr(article, "waiting_draft", None) if article.pk else None
        if draft is None:
            return _("None: the article below is the one the public sees.")
        sections = format_html_join(
            "", "<li><strong>{}</strong> {}</li>", ((heading, body) for heading, body in draft.section_pairs)
        )
        how = _(
            "The public sees the published article below until you publish this draft: in the list of "
            "articles, select this one and choose “Publish the selected articles”. Publishing replaces the "
            "title, introduction, sections and conclusion below with the draft's."
        )
        return format_html(
            '<div class="waiting-draft"><p>{}</p><p><strong>{}</strong></p><p>{}</p><ul>{}</ul><p>{}</p></div>',
            how,
            draft.title,
            draft.intro,
            sections,
            draft.conclusion,
        )

    @admin.display(description=_("what members answered"))
    def members_answers(self, article: Article) -> str:
        """The members' answers to "Which are the causes of X?", to write the sections from."""
        if not article.pk:
            return _("Save the article first; then the members' answers show here.")
        causes = article.condition.questions.filter(kind=QuestionKind.CAUSES).first()
        answers = Answer.objects.of_question(causes)[:50] if causes else []
        items = format_html_join(
            "",
            "<li><strong>{}</strong> ({}, {} helpful): {}</li>",
            ((a.author_label, a.get_author_role_display(), a.helpful_count, a.text) for a in answers),
        )
        listing = (
            reverse("admin:conditions_answer_changelist") + f"?question__condition__id__exact={article.condition_id}"
        )
        link = format_html('<a href="{}">{}</a>', listing, _("All the answers to this condition's questions"))
        if not answers:
            return format_html("<p>{}</p><p>{}</p>", _("No member has answered the causes question yet."), link)
        return format_html('<ul class="members-answers">{}</ul><p>{}</p>', items, link)

    @admin.action(description=_("Mark the selected articles as reviewed today"), permissions=["change"])
    def mark_reviewed(self, request, queryset) -> None:
        count = 0
        for article in queryset:
            article.reviewed_at = timezone.localdate()
            article.save(update_fields=["reviewed_at", "updated_at"])
            count += 1
        self.message_user(request, ngettext("%d article reviewed.", "%d articles reviewed.", count) % count)

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        """Publish drafts, and put waiting drafts in the place of their published articles."""
        count = 0
        for article in queryset.select_related("waiting_draft"):
            draft = getattr(article, "waiting_draft", None)
            if draft is not None:
                article._history_user = request.user
                draft.publish()
            elif not article.is_published:
                article.publish()
            else:
                continue
            count += 1
        self.message_user(request, ngettext("%d article published.", "%d articles published.", count) % count)

    @admin.action(description=_("Discard the waiting drafts of the selected articles"), permissions=["change"])
    def discard_waiting_drafts(self, request, queryset) -> None:
        count, _deleted = ArticleDraft.objects.filter(article__in=queryset).delete()
        self.message_user(request, ngettext("%d draft discarded.", "%d drafts discarded.", count) % count)

    @admin.action(description=_("Move the selected articles back to draft"), permissions=["change"])
    def unpublish(self, request, queryset) -> None:
        count = queryset.update(status=ArticleStatus.DRAFT)
        Condition.objects.filter(causes_article__in=queryset).touch()
        self.message_user(
            request, ngettext("%d article moved to draft.", "%d articles moved to draft.", count) % count, messages.INFO
        )


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    """A question's wording in every language (a standard question's is made from its condition's
    names: a curator's change is kept when the name changes)."""

    list_display = ["text", "condition", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["text", "condition__name"]
    list_select_related = ["condition"]
    autocomplete_fields = ["condition"]
    fields = ["condition", "text", "slug", "position", "kind"]
    readonly_fields = ["kind"]

    def has_delete_permission(self, request, obj: Question | None = None) -> bool:
        # Superusers pass, so that deleting a condition takes its questions along; even they
        # cannot delete a standard question on its own (get_deleted_objects protects it).
        if obj is not None and obj.kind != QuestionKind.CUSTOM and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        standard = [str(question) for question in objs if question.kind != QuestionKind.CUSTOM]
        return deleted, model_count, perms_needed, [*protected, *standard]
