"""Curators edit conditions (with their questions inline) and questions; causes articles are in
articles.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from conditions.admin.articles import ENGLISH_ARTICLE_STATUS
from conditions.languages import TRANSLATIONS, localized
from conditions.models import ArticleStatus, Condition, Question
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
    list_filter = ["is_published", "articles__status"]
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
        return (
            super().get_queryset(request).annotate(question_total=QUESTION_TOTAL, article_state=ENGLISH_ARTICLE_STATUS)
        )

    def get_search_results(self, request, queryset, search_term):
        """Also match names and synonyms ignoring case and accents, like the public search."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            results |= queryset.filter(pk__in=queryset.search(search_term).values("pk"))
        return results, may_have_duplicates

    @admin.display(description=_("causes article"), ordering="article_state")
    def article_status(self, condition: Condition) -> str:
        return ArticleStatus(condition.article_state).label if condition.article_state else "—"

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
