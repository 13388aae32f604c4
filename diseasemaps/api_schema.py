"""The API's OpenAPI schema: every operation documents the errors it can answer, in the shapes the
API gives them: `{"detail": "..."}` (component `Error`), or field errors for a 400 (`ValidationError`).
It overrides two private methods of drf-spectacular's AutoSchema (pinned in requirements.txt).

- 400 for any write: invalid input, or a step the object's state refuses;
- 403 when it needs a signed-in member, and for any write (CSRF);
- 404 when its path names an object, it needs a signed-in member (who may have no profile yet), or
  its results come in pages (a page past the last);
- 415 for any write that takes a body (one that is not JSON, a form or multipart);
- 429 when the view is throttled. Views with their own limits add `RATE_LIMITED` to their responses.

Request bodies of serializers that set `refuses_unknown_fields` say `additionalProperties: false`.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly

BODY_METHODS = {"POST", "PUT", "PATCH"}
UNSAFE_METHODS = {*BODY_METHODS, "DELETE"}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each field (or `detail`, or `non_field_errors`) with what is wrong with it.",
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can read.")


RATE_LIMITED = {429: OpenApiResponse(ErrorSerializer, description="Too many requests: try again later.")}
DESCRIPTIONS = {
    "400": "Invalid input, or a step this object's state does not allow.",
    "403": "Not signed in, no valid CSRF token for a write, or not allowed.",
    "404": "No such object or page, or not yours: another member's id is a 404 too.",
    "415": "The body is not JSON, a form or multipart.",
    **{str(code): response.description for code, response in RATE_LIMITED.items()},
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                body = self.validation_error() if code == "400" else ErrorSerializer
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(body, description=DESCRIPTIONS[code]), code, direction=direction
                )
        return responses

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and getattr(serializer, "refuses_unknown_fields", False):
            schema["additionalProperties"] = False  # unknown fields are a 400
        return schema

    def error_codes(self) -> list[str]:
        writes = self.method in UNSAFE_METHODS
        permissions = self.view.get_permissions()
        signed_in_only = any(isinstance(permission, IsAuthenticated) for permission in permissions) or (
            writes and any(isinstance(permission, IsAuthenticatedOrReadOnly) for permission in permissions)
        )
        codes = {
            "400": writes,
            "403": writes or signed_in_only,
            "404": "{" in self.path or signed_in_only or self.paginated(),
            "415": self.method in BODY_METHODS and self.get_request_serializer() is not None,
            "429": bool(self.view.get_throttles()),
        }
        return [code for code, applies in codes.items() if applies]

    def paginated(self) -> bool:
        return self.method == "GET" and getattr(self.view, "pagination_class", None) is not None

    def validation_error(self) -> dict:
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            object="ValidationError",
            schema=VALIDATION_ERROR_SCHEMA,
        )
        self.registry.register_on_missing(component)
        return component.ref
