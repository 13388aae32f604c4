"""Pages of API results that never count them: a search over thousands of conditions reads one row
past the page to know whether there is a next, instead of counting every match."""

from __future__ import annotations

from collections import OrderedDict

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE = 1000


class UncountedPagination(BasePagination):
    page_size = 10
    max_page_size = 50
    page_query_param = "page"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        self.number = self.whole(request.query_params.get(self.page_query_param, "1"), MAX_PAGE)
        self.size = min(
            self.whole(request.query_params.get(self.page_size_query_param, str(self.page_size))), self.max_page_size
        )
        start = (self.number - 1) * self.size
        rows = list(queryset[start : start + self.size + 1])
        if not rows and self.number > 1:
            raise NotFound(_("There is no page %(number)s.") % {"number": self.number})
        self.has_next = len(rows) > self.size
        return rows[: self.size]

    @staticmethod
    def whole(value: str, highest: int = 10**6) -> int:
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= highest:
            raise NotFound(_("A page is a whole number from 1 to %(highest)s.") % {"highest": highest})
        return int(value)

    def get_paginated_response(self, data) -> Response:
        return Response(
            OrderedDict(
                [
                    ("next", self.link(self.number + 1) if self.has_next else None),
                    ("previous", self.link(self.number - 1) if self.number > 1 else None),
                    ("results", data),
                ]
            )
        )

    def link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        return (
            replace_query_param(url, self.page_query_param, number)
            if number > 1
            else remove_query_param(url, self.page_query_param)
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number, from 1.",
                "schema": {"type": "integer"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, at most {self.max_page_size}.",
                "schema": {"type": "integer"},
            },
        ]
