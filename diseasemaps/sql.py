"""Queries whose SQL Django builds once per process, for the few small ones run on nearly every
request (a cached page's version, a member's own box): Django takes longer to build them than the
database takes to answer them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet


class BuiltOnce:
    """`build(*marks)` returns the query; its SQL is built once per database alias, and each run
    puts the values where the marks were. A mark is a stand-in of the value's type that no constant
    of the query equals (a negative id, a text that is no slug). Rows come from the cursor, without
    Django's converters: SQLite gives dates as text."""

    def __init__(self, build: Callable[..., QuerySet], *marks):
        self.build = build
        self.marks = marks
        self.built: dict[str, tuple[str, list[int | None], list]] = {}

    def sql(self, alias: str) -> tuple[str, list[int | None], list]:
        """The SQL, where each parameter comes from (the index of a value, or None for a
        constant), and the constants."""
        if alias not in self.built:
            sql, params = self.build(*self.marks).using(alias).query.sql_with_params()
            sources = [next((i for i, mark in enumerate(self.marks) if param == mark), None) for param in params]
            if sorted(source for source in sources if source is not None) != list(range(len(self.marks))):
                raise ImproperlyConfigured(f"{self.build.__qualname__}: each value must be used once, in {params}")
            self.built[alias] = sql, sources, list(params)  # two threads at once build the same
        return self.built[alias]

    def first(self, alias: str, *values) -> tuple | None:
        """The first row for these values, or None."""
        sql, sources, constants = self.sql(alias)
        params = [
            constant if source is None else values[source] for source, constant in zip(sources, constants, strict=True)
        ]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()


def stamp(values: Sequence) -> str:
    """A version made of a row's values: the same values give the same text in every process,
    with no space (a cache key's part)."""
    return "-".join(map(str, values)).replace(" ", "_")
