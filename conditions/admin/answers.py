"""Curators moderate members' answers: open reports first, hide an answer (kept, shown nowhere)
or restore it. Curators neither write nor delete members' answers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conditions.models import Answer, AnswerReport


class OpenReportsFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", _("With open reports")), ("hidden", _("Hidden"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(open_reports__gt=0)
        if self.value() == "hidden":
            return queryset.filter(is_hidden=True)
        return queryset


class ReportInline(admin.TabularInline):
    model = AnswerReport
    fields = ["reason", "note", "created_at", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["author_shown", "author_role", "question", "choice", "helpful_count", "open_reports", "is_hidden"]
    list_filter = [
        OpenReportsFilter,
        "is_hidden",
        "author_role",
        "question__kind",
        ("question__condition", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "question__text", "question__condition__name"]
    list_select_related = ["question__condition"]
    fields = ["question", "author_shown", "author_role", "choice", "text", "helpful_count", "is_hidden", "created_at"]
    readonly_fields = ["question", "author_shown", "author_role", "choice", "text", "helpful_count", "created_at"]
    inlines = [ReportInline]
    actions = ["hide_answers", "restore_answers"]

    def get_queryset(self, request):
        open_reports = Count("reports", filter=Q(reports__resolved_at=None))
        return super().get_queryset(request).annotate(open_reports=open_reports)

    @admin.display(description=_("author"))
    def author_shown(self, answer: Answer) -> str:
        """Curators see a pseudonym only if its member chose to be named (docs/design.md, privacy model)."""
        return answer.author_label

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, answer: Answer) -> int:
        return answer.open_reports

    def has_add_permission(self, request) -> bool:
        return False  # answers come from members

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser  # curators hide; only the author or a superuser deletes

    def save_model(self, request, obj: Answer, form, change) -> None:
        if "is_hidden" in form.changed_data:
            obj.hide() if obj.is_hidden else obj.restore()
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Hide the selected answers (kept, shown nowhere)"), permissions=["change"])
    def hide_answers(self, request, queryset) -> None:
        for answer in queryset:
            answer.hide()
        count = len(queryset)
        self.message_user(request, ngettext("%d answer hidden.", "%d answers hidden.", count) % count, messages.SUCCESS)

    @admin.action(description=_("Restore the selected answers"), permissions=["change"])
    def restore_answers(self, request, queryset) -> None:
        for answer in queryset:
            answer.restore()
        count = len(queryset)
        self.message_user(request, ngettext("%d answer restored.", "%d answers restored.", count) % count)


class OpenFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("no", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.exclude(resolved_at=None)
        return queryset


@admin.register(AnswerReport)
class AnswerReportAdmin(admin.ModelAdmin):
    """Reports, newest first; each links to its answer, where it is hidden or restored."""

    list_display = ["reason", "reported_answer", "note", "created_at", "resolved_at"]
    list_filter = [OpenFilter, "reason"]
    list_select_related = ["answer__question"]
    readonly_fields = ["answer", "reason", "note", "created_at", "resolved_at"]
    fields = readonly_fields

    @admin.display(description=_("answer"))
    def reported_answer(self, report: AnswerReport) -> str:
        url = reverse("admin:conditions_answer_change", args=[report.answer_id])
        return format_html('<a href="{}">{}</a>', url, report.answer)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
