"""Curators moderate members' answers: open reports first, hide an answer (kept, shown nowhere)
or restore it. Curators neither write nor delete members' answers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conditions.answers import Answer, AnswerReport


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
    list_display = ["author_name", "author_role", "question", "choice", "helpful_count", "open_reports", "is_hidden"]
    list_filter = [
        OpenReportsFilter,
        "is_hidden",
        "author_role",
        "question__kind",
        ("question__condition", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "author_name", "question__text", "question__condition__name"]
    list_select_related = ["question__condition"]
    fields = ["question", "author_name", "author_role", "choice", "text", "helpful_count", "is_hidden", "created_at"]
    readonly_fields = ["question", "author_name", "author_role", "choice", "text", "helpful_count", "created_at"]
    inlines = [ReportInline]
    actions = ["hide_answers", "restore_answers"]

    def get_queryset(self, request):
        open_reports = Count("reports", filter=Q(reports__resolved_at=None))
        return super().get_queryset(request).annotate(open_reports=open_reports)

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
