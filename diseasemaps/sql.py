"""Queries whose SQL Django builds once per process, for the few small ones run on nearly every
request (a cached page's version, a member's own box, the condition of a page): Django takes
longer to build them than the database takes to answer them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Model, QuerySet


class BuiltOnce:
    """`build(*marks)` returns the query; its SQL is built once per database alias, and each run
    puts the values where the marks were. A mark is a stand-in of the value's type that no constant
    of the query equals (a negative id, a text that is no slug). Rows come from the cursor, without
    Django's converters: SQLite gives dates as text."""

    def __init__(self, build: Callable[..., QuerySet], *marks):
        self.build = build
        self.marks = marks
        self.built: dict[str, tuple[str, list[int | None], list]] = {}
        self.kept: dict[str, object] = {}

    def sql(self, alias: str) -> tuple[str, list[int | None], list]:
        """The SQL, where each parameter comes from (the index of a value, or None for a
        constant), and the constants."""
        if alias not in self.built:
            compiler = self.build(*self.marks).using(alias).query.get_compiler(alias)
            sql, params = compiler.as_sql()
            sources = [next((i for i, mark in enumerate(self.marks) if param == mark), None) for param in params]
            if sorted(source for source in sources if source is not None) != list(range(len(self.marks))):
                raise ImproperlyConfigured(f"{self.build.__qualname__}: each value must be used once, in {params}")
            self.kept[alias] = self.compiled(compiler)
            self.built[alias] = sql, sources, list(params)  # two threads at once build the same
        return self.built[alias]

    def compiled(self, compiler) -> object:
        """What a subclass keeps of the compiled query besides its SQL."""
        return None

    def first(self, alias: str, *values) -> tuple | None:
        """The first row for these values, or None."""
        sql, sources, constants = self.sql(alias)
        params = [
            constant if source is None else values[source] for source, constant in zip(sources, constants, strict=True)
        ]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()


class InstanceBuiltOnce(BuiltOnce):
    """The same for a query of model instances with nothing but the model's own columns (no
    select_related, no annotation): its first row as an instance, as the ORM would give it, with
    the fields' converters applied (SQLite's dates, JSON)."""

    def compiled(self, compiler) -> tuple[type[Model], list[str], list]:
        klass_info = compiler.klass_info
        if compiler.annotation_col_map or klass_info.get("related_klass_infos"):
            raise ImproperlyConfigured(f"{self.build.__qualname__}: only the model's own columns")
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        attnames = [column.target.attname for column in columns]
        return klass_info["model"], attnames, list(compiler.get_converters(columns).items())

    def get(self, alias: str, *values) -> Model | None:
        """The instance of the first row for these values, or None."""
        row = self.first(alias, *values)
        if row is None:
            return None
        model, attnames, converters = self.kept[alias]
        row, connection = list(row), connections[alias]
        for position, (converting, column) in converters:
            for convert in converting:
                row[position] = convert(row[position], column, connection)
        return model.from_db(alias, attnames, row)


def stamp(values: Sequence) -> str:
    """A version made of a row's values: the same values give the same text in every process,
    with no space (a cache key's part)."""
    return "-".join(map(str, values)).replace(" ", "_")
