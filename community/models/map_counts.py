"""The counts a condition's map is drawn from, kept as memberships change, so that drawing it costs one
row a place, never one a member: people by place (and how many of them are listed, for signed-in
members), by country and role, and by age at diagnosis.

Each membership counted on its map (listed or counted) adds one to a cell of each table. Whatever
changes a membership's copy of its member (community/signals.py, Membership.save, copy_profiles)
reads the membership as it was, under a lock on its row, and hands `count_changes()` the rows
before and after. In one transaction, it moves the conditions' map versions (which holds their rows
until it commits, so changes to one map commit in the order of its versions), then adds the
difference with one upsert a table (INSERT ... ON CONFLICT DO UPDATE SET people = table.people +
excluded.people), cells in a fixed order, so that joins at once lose no count and cannot deadlock
each other. A place's cell is stamped with the map version that last changed it (`version`): a
drawing of the map at version V is brought up to date from the cells stamped after V
(community/maps/kept.py). Bulk inserts send no signals: they call `recount()` (through
totals.recount_all), one INSERT ... SELECT a table, and move the map afresh.

Empty cells stay, at zero: a cell that comes back is then an UPDATE, and nothing is deleted under a
concurrent join."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router, transaction
from django.db.models import Count, Q

from community.models.places import Place
from community.models.visibility import ON_MAP_ANY, Visibility
from conditions.models import Condition
from conditions.roles import Role

MAP_ROW_FIELDS = ("condition_id", "place_id", "country_code", "role", "age_at_diagnosis", "visibility")


class MapRow(NamedTuple):
    """What a map counts of one membership (its MAP_ROW_FIELDS)."""

    condition_id: int
    place_id: int
    country_code: str
    role: str
    age_at_diagnosis: int | None
    visibility: str


class MapCount(models.Model):
    """A table of counts: a cell per condition and `cell_fields`, with `count_fields`."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="+")
    people = models.IntegerField(default=0)

    cell_fields: tuple[str, ...] = ()  # columns, besides the condition, that name a cell
    count_fields: tuple[str, ...] = ("people",)
    stamped = False  # whether a cell keeps the map version that last changed it, in `version`

    class Meta:
        abstract = True

    @classmethod
    def cell_columns(cls) -> list[str]:
        """The columns that name a cell: the condition's, then the `cell_fields`'."""
        return ["condition_id", *(cls._meta.get_field(name).column for name in cls.cell_fields)]

    @classmethod
    def cell_of(cls, row: MapRow) -> tuple | None:
        """The cell (its `cell_fields`) a counted membership adds to, or None."""
        raise NotImplementedError

    @classmethod
    def counts_of(cls, row: MapRow) -> tuple[int, ...]:
        return (1,)

    @classmethod
    def counted_from(cls, memberships: models.QuerySet) -> models.QuerySet:
        """Counted memberships grouped into cells: condition, cell fields, count fields."""
        return memberships.values_list("condition_id", *cls.cell_fields).annotate(people=Count("pk"))


class PlaceCount(MapCount):
    """People of a condition's map at a place; `listed` of them named to signed-in members."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    listed = models.IntegerField(default=0)
    version = models.PositiveBigIntegerField(db_default=0)  # the condition's map version that last changed it

    cell_fields = ("place_id",)
    count_fields = ("people", "listed")
    stamped = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["condition", "place"], name="placecount_one_per_place")]
        indexes = [models.Index(fields=["condition", "version"], name="placecount_changed_idx")]

    def __str__(self) -> str:
        return f"{self.people} at place {self.place_id} ({self.listed} listed)"

    @classmethod
    def cell_of(cls, row: MapRow) -> tuple:
        return (row.place_id,)

    @classmethod
    def counts_of(cls, row: MapRow) -> tuple[int, ...]:
        return (1, int(row.visibility == Visibility.LISTED))

    @classmethod
    def counted_from(cls, memberships: models.QuerySet) -> models.QuerySet:
        return memberships.values_list("condition_id", "place_id").annotate(
            people=Count("pk"), listed=Count("pk", filter=Q(visibility=Visibility.LISTED))
        )


class RoleCount(MapCount):
    """People of a condition's map in a country, in a role."""

    country_code = models.CharField(max_length=2)
    role = models.CharField(max_length=20, choices=Role.choices)

    cell_fields = ("country_code", "role")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["condition", "country_code", "role"], name="rolecount_one_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.people} {self.role} in {self.country_code}"

    @classmethod
    def cell_of(cls, row: MapRow) -> tuple:
        return (row.country_code, row.role)


class AgeCount(MapCount):
    """People of a condition's map diagnosed at an age (those who gave it)."""

    age_at_diagnosis = models.PositiveSmallIntegerField()

    cell_fields = ("age_at_diagnosis",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["condition", "age_at_diagnosis"], name="agecount_one_per_age")]

    def __str__(self) -> str:
        return f"{self.people} diagnosed at {self.age_at_diagnosis}"

    @classmethod
    def cell_of(cls, row: MapRow) -> tuple | None:
        return None if row.age_at_diagnosis is None else (row.age_at_diagnosis,)

    @classmethod
    def counted_from(cls, memberships: models.QuerySet) -> models.QuerySet:
        return super().counted_from(memberships.filter(age_at_diagnosis__isnull=False))


COUNT_TABLES: tuple[type[MapCount], ...] = (PlaceCount, RoleCount, AgeCount)


def changes_of(table: type[MapCount], before: Iterable[MapRow], after: Iterable[MapRow]) -> list[tuple]:
    """(condition, cell..., count changes...) for each cell that changes, in a fixed order."""
    changes: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(table.count_fields))
    for sign, rows in ((-1, before), (1, after)):
        for row in rows:
            cell = table.cell_of(row) if row.visibility in ON_MAP_ANY else None
            if cell is None:
                continue
            counts = changes[(row.condition_id, *cell)]
            for index, count in enumerate(table.counts_of(row)):
                counts[index] += sign * count
    return sorted((*cell, *counts) for cell, counts in changes.items() if any(counts))


def count_changes(before: Iterable[MapRow], after: Iterable[MapRow], people: Mapping[int, int]) -> None:
    """Move the maps of `people`'s conditions (each gaining that many people), then their counts from
    memberships as they were (`before`) to as they are (`after`), in one transaction."""
    before, after = list(before), list(after)
    with transaction.atomic(savepoint=False):  # inside the caller's transaction when there is one
        for condition_id, gained in sorted(people.items()):
            Condition.objects.filter(pk=condition_id).move_map(gained)
        for table in COUNT_TABLES:
            changes = changes_of(table, before, after)
            if changes:
                add_to_cells(table, changes)


def add_to_cells(table: type[MapCount], changes: list[tuple]) -> None:
    connection = connections[router.db_for_write(table)]
    quote = connection.ops.quote_name
    name = quote(table._meta.db_table)
    cell = table.cell_columns()
    columns = [*cell, *table.count_fields]
    values = ["%s"] * len(columns)
    updates = [f"{quote(field)} = {name}.{quote(field)} + excluded.{quote(field)}" for field in table.count_fields]
    if table.stamped:  # the version the condition's map has just moved to, in this transaction
        columns.append("version")
        values.append(
            f"(SELECT {quote(Condition._meta.get_field('map_version').column)} FROM {quote(Condition._meta.db_table)}"
            f" WHERE {quote(Condition._meta.pk.column)} = %s)"
        )
        updates.append(f"{quote('version')} = excluded.{quote('version')}")
    # A stamped cell's row ends with its condition's id again, for the version's subquery.
    params = [value for change in changes for value in (change + change[:1] if table.stamped else change)]
    row = f"({', '.join(values)})"
    sql = (
        f"INSERT INTO {name} ({', '.join(map(quote, columns))})"
        f" VALUES {', '.join([row] * len(changes))}"
        f" ON CONFLICT ({', '.join(map(quote, cell))}) DO UPDATE SET {', '.join(updates)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def recount(conditions: models.QuerySet, counted_memberships: models.QuerySet) -> None:
    """Count these conditions' maps afresh from their counted memberships: a DELETE and an INSERT ...
    SELECT ... GROUP BY a table, whatever the number of members. Call it in a transaction that holds
    the conditions' rows (as totals.recount_all does), so that no join slips in between."""
    memberships = counted_memberships.filter(condition__in=conditions).order_by()
    for table in COUNT_TABLES:
        table.objects.filter(condition__in=conditions).delete()
        try:
            select, params = table.counted_from(memberships).query.sql_with_params()
        except EmptyResultSet:  # no conditions at all
            return
        connection = connections[router.db_for_write(table)]
        quote = connection.ops.quote_name
        columns = ", ".join(map(quote, [*table.cell_columns(), *table.count_fields]))
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(table._meta.db_table)} ({columns}) {select}", params)
