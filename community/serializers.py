"""What every community API shares: serializers that refuse what they do not declare."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from community.members.forms import COORDINATE_KEYS


class StrictSerializer(serializers.Serializer):
    """Refuses unknown fields (email, is_staff, latitude...) instead of silently dropping them."""

    refuses_unknown_fields = True  # the schema says so: additionalProperties is false

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = set(data.keys()) - set(self.fields)
            if unknown:
                coordinates = unknown & COORDINATE_KEYS
                message = (
                    _("Places are chosen by their id from /api/places/; coordinates are not accepted.")
                    if coordinates
                    else _("This field cannot be written.")
                )
                raise serializers.ValidationError({name: [message] for name in sorted(unknown)})
        return super().to_internal_value(data)


class UUIDTextField(serializers.UUIDField):
    """A UUID written as text. DRF's own also takes a number, and so reads `false` as the UUID 0."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)
