from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.models import Membership, Place, Profile


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
    readonly_fields = ["user", "public_id", "created_at", "updated_at"]
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
