"""Curators write causes articles: their sections, with the members' answers that informed them, the
draft waiting beside a published one, and their translations (each an article of its own, started
from the add form with `?translation_of=<article>&language=<code>`, prefilled from that article)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from conditions.languages import LANGUAGES, SOURCE
from conditions.models import Answer, Article, ArticleDraft, ArticleSection, ArticleStatus, Condition
from conditions.standard_questions import QuestionKind

# The status of each condition's English article, for the conditions' changelist (one subquery a row).
ENGLISH_ARTICLE_STATUS = Subquery(
    Article.objects.filter(condition=OuterRef("pk"), language=SOURCE).values("status")[:1]
)


def translation_source(request) -> Article | None:
    """The article a new translation starts from (`?translation_of=<pk>` on the add form), with its
    sections; read once a request."""
    if not hasattr(request, "_translation_source"):
        value = request.GET.get("translation_of", "")
        source = None
        if value.isascii() and value.isdigit() and request.resolver_match.url_name == "conditions_article_add":
            source = (
                Article.objects.filter(pk=value)
                .prefetch_related("sections", Prefetch("sections__informed_by", Answer.objects.only("pk")))
                .first()
            )
        request._translation_source = source
    return request._translation_source


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

    def get_extra(self, request, obj=None, **kwargs) -> int:
        source = translation_source(request) if obj is None else None
        return len(source.sections.all()) if source else self.extra

    def get_queryset(self, request):
        # Each section form starts from the answers it is informed by: one query for all of them.
        return super().get_queryset(request).prefetch_related(Prefetch("informed_by", Answer.objects.only("pk")))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """A section is informed by members' shown answers to its condition's causes question, in a
        compact scrolling list. The choices are read once for all the sections of the page."""
        if db_field.name != "informed_by":
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        source = translation_source(request)
        article_id = source.pk if source else request.resolver_match.kwargs.get("object_id")
        answers = Answer.objects.none()
        if article_id and str(article_id).isdigit():
            answers = Answer.objects.shown().filter(
                question__kind=QuestionKind.CAUSES, question__condition__articles=article_id
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

    list_display = ["title", "condition", "language", "status", "draft_waiting", "published_at", "reviewed_at"]
    list_display += ["updated_at"]
    list_filter = ["language", "status", "condition__is_published"]
    search_fields = ["title", "intro", "condition__name", "condition__search_text"]
    list_select_related = ["condition", "waiting_draft"]
    autocomplete_fields = ["condition"]
    date_hierarchy = "updated_at"
    fields = ["condition", "language", "translations", "waiting_draft_preview", "title", "intro", "conclusion"]
    fields += ["byline", "status", "published_at", "reviewed_at", "members_answers"]
    readonly_fields = ["published_at", "members_answers", "waiting_draft_preview", "translations"]
    inlines = [ArticleSectionInline]
    actions = ["publish", "unpublish", "mark_reviewed", "discard_waiting_drafts"]
    history_list_display = ["status"]

    def get_changeform_initial_data(self, request) -> dict:
        """A new translation starts as a draft copy of the article it translates, in the language
        asked for: the curator writes over the text, section by section."""
        initial = super().get_changeform_initial_data(request)
        initial.pop("translation_of", None)
        if initial.get("language") not in LANGUAGES:
            initial.pop("language", None)
        source = translation_source(request)
        if source is not None:
            copied = ["condition_id", "title", "intro", "conclusion", "byline"]
            initial.update({name.removesuffix("_id"): getattr(source, name) for name in copied})
            initial["status"] = ArticleStatus.DRAFT
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix) -> dict:
        """The sections of a new translation start as the source's (on the form shown, not on the
        one posted, so that every section posted is saved, changed or not)."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        source = translation_source(request)
        if source is not None and isinstance(inline, ArticleSectionInline) and request.method == "GET":
            kwargs["initial"] = [
                {
                    "position": section.position,
                    "heading": section.heading,
                    "body": section.body,
                    "informed_by": [answer.pk for answer in section.informed_by.all()],
                }
                for section in source.sections.all()
            ]
        return kwargs

    @admin.display(description=_("translations"))
    def translations(self, article: Article) -> str:
        """The other languages' articles of its condition, and a link to start each missing one."""
        if not article.pk:
            return _("Save the article first; then you can translate it.")
        others = {
            other.language: other
            for other in Article.objects.filter(condition_id=article.condition_id)
            .exclude(pk=article.pk)
            .only("language", "status", "condition_id")
        }
        names = dict(settings.LANGUAGES)
        existing = format_html_join(
            " · ",
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:conditions_article_change", args=[other.pk]), names[code], other.get_status_display())
                for code, other in sorted(others.items())
            ),
        )
        add_url = reverse("admin:conditions_article_add")
        missing = format_html_join(
            " ",
            '<a class="button" href="{}?{}">{}</a>',
            (
                (add_url, urlencode({"translation_of": article.pk, "language": code}), names[code])
                for code in LANGUAGES
                if code not in others and code != article.language
            ),
        )
        return format_html(
            '<div class="translations"><p>{}</p><p>{} {}</p></div>',
            existing or _("None yet."),
            _("Add a translation:") if missing else "",
            missing,
        )

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
        Condition.objects.filter(articles__in=queryset).touch()
        self.message_user(
            request, ngettext("%d article moved to draft.", "%d articles moved to draft.", count) % count, messages.INFO
        )
