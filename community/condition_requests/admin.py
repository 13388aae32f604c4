"""Curators' list of condition requests, and the decision on one: approve (a new condition, or a
merge into an existing one) or decline with a reason. The admin shows what members wrote for the
curators, never who wrote it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from community.condition_requests.forms import DecisionForm
from community.models.condition_requests import ConditionRequest, RequestStatus

ABOUT = ["name", "code", "status", "people_asking", "created_at", "notes"]
OUTCOME = ["condition", "decline_reason", "decided_at"]


@admin.register(ConditionRequest)
class ConditionRequestAdmin(admin.ModelAdmin):
    form = DecisionForm
    list_display = ["name", "code", "people_asking", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "folded_name", "code"]
    autocomplete_fields = ["condition"]
    readonly_fields = [*ABOUT, *OUTCOME]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people=Count("askers"))

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.status == RequestStatus.OPEN:
            return [(None, {"fields": ABOUT}), (_("Decision"), {"fields": ["decision", "condition", "decline_reason"]})]
        return [(None, {"fields": ABOUT}), (_("Decision"), {"fields": OUTCOME})]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == RequestStatus.OPEN:
            return ABOUT
        return self.readonly_fields

    @admin.display(description=_("people asking"), ordering="people")
    def people_asking(self, obj: ConditionRequest) -> int:
        return obj.people

    @admin.display(description=_("notes from the members who asked"))
    def notes(self, obj: ConditionRequest) -> str:
        notes = [(linebreaksbr(asker.note),) for asker in obj.askers.all() if asker.note]
        return format_html_join("", "<p>{}</p>", notes) or _("(none)")

    def has_add_permission(self, request) -> bool:
        return False  # members ask; curators decide

    def has_change_permission(self, request, obj=None) -> bool:
        """A decided request is read only: it is not decided twice."""
        return super().has_change_permission(request, obj) and (obj is None or obj.status == RequestStatus.OPEN)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def save_model(self, request, obj: ConditionRequest, form, change: bool) -> None:
        """Carry out the decision on the stored request (the form only chose it)."""
        decision = form.cleaned_data.get("decision")
        stored = ConditionRequest.objects.get(pk=obj.pk)
        try:
            if decision == "create":
                condition = stored.approve(request.user)
            elif decision == "merge":
                condition = stored.approve(request.user, into=form.cleaned_data["condition"])
            elif decision == "decline":
                stored.decline(request.user, form.cleaned_data["decline_reason"])
            else:
                return
        except ValidationError as refusal:
            self.message_user(request, refusal.messages[0], messages.ERROR)
            return
        if decision == "decline":
            self.message_user(request, _("Declined: the members who asked are told why by email."))
        else:
            self.message_user(
                request,
                format_html(
                    _('Approved as <a href="{}">{}</a>: the members who asked are told by email.'),
                    condition.get_absolute_url(),
                    condition.name,
                ),
            )
