"""Curators (conditions/curators.py's group) decide on condition requests: they may see and change
them, never add or delete them."""

from __future__ import annotations

from conditions.curators import CURATORS_GROUP

CURATOR_PERMISSIONS = ["view_conditionrequest", "change_conditionrequest"]


def let_curators_decide(sender=None, **kwargs) -> None:
    """post_migrate hook, run after the conditions app's, which sets the group's own permissions."""
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.filter(content_type__app_label="community", codename__in=CURATOR_PERMISSIONS)
    group, _created = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.add(*permissions)
