from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.condition_requests import admin as condition_requests_admin  # noqa: F401 (registers its admin)
from community.models import Membership, Place, Profile
from community.models.moderation import ModerationReport


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["condition", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    autocomplete_fields = ["condition"]
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "place", "visibility", "created_at"]
    list_filter = ["visibility", "role"]
    search_fields = ["display_name"]
    list_select_related = ["place"]
    raw_id_fields = ["place"]
    # Consent is the member's own act: shown, never edited.
    readonly_fields = ["user", "public_id", "health_data_consent_at", "health_data_consent_version"]
    readonly_fields += ["created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country_code", "admin1", "population"]
    list_filter = ["country_code"]
    search_fields = ["name", "ascii_name", "names__key"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False  # the gazetteer comes from `manage.py load_places`

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.empty_value_display = _("(none)")


@admin.register(ModerationReport)
class ModerationReportAdmin(admin.ModelAdmin):
    """Moderators see the reported message and the few around it: no other private message is
    readable in the admin (messages and connections have no admin of their own)."""

    list_display = ["reason", "reported", "reporter", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "reason"]
    list_select_related = ["reported", "reporter"]
    fields = ["reason", "note", "reporter", "reported", "conversation_excerpt", "created_at", "resolved_at"]
    readonly_fields = ["reason", "note", "reporter", "reported", "conversation_excerpt", "created_at"]
    actions = ["resolve"]

    @admin.display(description=_("the reported message, with the messages around it"))
    def conversation_excerpt(self, report: ModerationReport) -> str:
        rows = format_html_join(
            "",
            "<li{}><strong>{}</strong> · {}<br>{}</li>",
            (
                (
                    format_html(' class="{}"', "reported") if message.pk == report.message_id else "",
                    message.sender.display_name,
                    message.created_at.strftime("%Y-%m-%d %H:%M"),
                    message.body,
                )
                for message in report.context()
            ),
        )
        return format_html("<ol>{}</ol>", rows) if rows else _("A report about the member, not a message.")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Mark the selected reports as resolved"), permissions=["change"])
    def resolve(self, request, queryset) -> None:
        count = queryset.filter(resolved_at=None).update(resolved_at=timezone.now())
        self.message_user(request, ngettext("%d report resolved.", "%d reports resolved.", count) % count)
