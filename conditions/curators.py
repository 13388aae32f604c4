"""The "Curators" group: staff who write and publish articles, with exactly the rights they need."""

from __future__ import annotations

CURATORS_GROUP = "Curators"

# Curators add and edit conditions, articles and questions. They may remove cause sections
# and questions (the admin still protects standard questions), but never delete a
# condition or an article: that is for superusers. They moderate answers by hiding them.
CURATOR_PERMISSIONS = {
    "condition": ("add", "change", "view"),
    "article": ("add", "change", "view"),
    "articlesection": ("add", "change", "delete", "view"),
    "question": ("add", "change", "delete", "view"),
    "answer": ("change", "view"),  # hide and restore members' answers, never write or delete them
    "answerreport": ("view",),
}


def ensure_curators_group(sender=None, **kwargs) -> None:
    """post_migrate hook: create the group and give it exactly CURATOR_PERMISSIONS in this app; the
    rights other apps give it (community's on condition requests) stay, whichever hook runs first."""
    from django.contrib.auth.models import Group, Permission

    codenames = [f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions]
    ours = Permission.objects.filter(content_type__app_label="conditions")
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.remove(
        *group.permissions.filter(content_type__app_label="conditions").exclude(codename__in=codenames)
    )
    group.permissions.add(*ours.filter(codename__in=codenames))
