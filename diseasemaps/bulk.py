"""Many rows at once, for demo data in the millions: PostgreSQL's COPY, bulk_create elsewhere (SQLite).

No model instances on PostgreSQL, no signals anywhere, no per-row SQL. A row is a tuple of plain
values (str, int, bool, datetime, UUID or None) for the columns named; every other field gets its
default: one value for all the rows, or one a row for a callable default such as uuid4, and the
time of the insert for auto_now fields."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.utils import timezone

# Batches written at once on PostgreSQL: while one commits (its foreign keys are checked then), the
# next one is copied. Two is what a 2-core machine has room for.
WRITERS = 2


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple], *, ids: bool = False
) -> list | None:
    """Insert `rows` (values for `columns`, field attnames like "user_id"); with `ids`, return their
    primary keys in the rows' order. Call it inside a transaction."""
    alias = router.db_for_write(model)
    if connections[alias].vendor != "postgresql":
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        created = model._default_manager.using(alias).bulk_create(objects)
        return [row.pk for row in created] if ids else None
    return copy_rows(alias, model, columns, rows, ids=ids)


def copy_rows(
    alias: str, model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple], *, ids: bool
) -> list | None:
    """COPY the rows; with `ids`, with primary keys taken from the table's sequence first (COPY returns nothing)."""
    connection = connections[alias]
    meta = model._meta
    named = [meta.get_field(column) for column in columns]
    others = [field for field in meta.concrete_fields if field.attname not in columns and field is not meta.pk]
    now = timezone.now()
    fixed = [field for field in others if not has_callable_default(field)]
    fixed_values = tuple(
        field.get_db_prep_save(now if is_auto_now(field) else field.get_default(), connection) for field in fixed
    )
    per_row = [field for field in others if has_callable_default(field)]
    keys = reserve_ids(alias, model, len(rows)) if ids else None
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in [*([meta.pk] if ids else []), *named, *fixed, *per_row])
    with connection.cursor() as cursor, cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
        for index, row in enumerate(rows):
            extra = tuple(field.get_db_prep_save(field.get_default(), connection) for field in per_row)
            copy.write_row((*((keys[index],) if keys else ()), *row, *fixed_values, *extra))
    return keys


def reserve_ids(alias: str, model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys from the table's own sequence, so that rows inserted later by the
    usual means never collide with these."""
    meta = model._meta
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connections[alias].ops.quote_name(meta.db_table), meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def has_callable_default(field: models.Field) -> bool:
    return field.has_default() and callable(field.default)


def is_auto_now(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def analyze(*tables: type[models.Model]) -> None:
    """Tell the query planner how many rows the tables now hold (PostgreSQL's autovacuum would,
    later; SQLite never would)."""
    by_alias: dict[str, list[str]] = {}
    for model in tables:
        by_alias.setdefault(router.db_for_write(model), []).append(model._meta.db_table)
    for alias, names in by_alias.items():
        connection = connections[alias]
        quoted = [connection.ops.quote_name(name) for name in names]
        statements = (
            ["ANALYZE " + ", ".join(quoted)]
            if connection.vendor == "postgresql"
            else [f"ANALYZE {name}" for name in quoted]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@contextmanager
def writers(alias: str = DEFAULT_DB_ALIAS) -> Iterator[Callable]:
    """A `submit(function, *args)` for writes that each run in a transaction of their own: on
    PostgreSQL, outside a transaction, on WRITERS threads with connections of their own; elsewhere
    (SQLite writes one at a time) or inside a transaction (a test's), here and now. Leaving waits for
    every write and raises the first error."""
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield lambda function, *args: function(*args)
        return
    pending: deque = deque()
    with ThreadPoolExecutor(WRITERS, thread_name_prefix="writer") as pool:

        def submit(function: Callable, *args) -> None:
            while len(pending) >= WRITERS:
                pending.popleft().result()
            pending.append(pool.submit(in_a_connection_of_its_own, function, *args))

        yield submit
        while pending:
            pending.popleft().result()


def in_a_connection_of_its_own(function: Callable, *args) -> None:
    try:
        function(*args)
    finally:
        connections.close_all()  # this thread's connections only
