"""Where the generator's rows go: buffered per table, with primary keys given out here, and written
in bulk (issue 10, item 2).

Rows are plain tuples in the table's column order, so a year of marks costs no model instances.
Ids are allocated from the table's highest id at the start, so rows can point at each other before
any is written; on PostgreSQL the tables' sequences are moved past them at the end
(`finish`). Writing:

- PostgreSQL: `COPY ... FROM STDIN` through psycopg 3's `cursor.copy()` for every table;
- SQLite: one `executemany` INSERT per batch of 5,000 rows (what `bulk_create` sends, without
  building a model instance per row).

Foreign keys are declared DEFERRABLE INITIALLY DEFERRED by Django on both databases, so tables
can be written in any order inside the caller's transaction.

A model with django-simple-history's `history` gets, with each row, the "+" (created) row the
service's own saves would have written, dated and attributed as given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connections, models
from django.utils import timezone

SQLITE_BATCH = 5_000
FLUSH_ROWS = 200_000


class MissingValue(ValueError):
    """A row left out a column that has no default: names the table and the column."""


@dataclass
class Table:
    model: type[models.Model]
    name: str
    columns: list[str]
    defaults: list  # per column: a value, or MissingValue for a required one
    converters: list  # per column (SQLite): a function to a storable value, or None
    pk_column: str
    history: Table | None = None
    # For a history table: per column, the index of the same column in the model's row, or
    # the name of a history column ("history_id", "history_date", ...).
    copied_from: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)  # buffered, not yet written

    def __post_init__(self):
        self.pairs = list(zip(self.columns, self.defaults, strict=True))
        self.pk_index = self.columns.index(self.pk_column)
        self.required = [c for c, d in self.pairs if d is MissingValue and c != self.pk_column]


def _sqlite_converter(field, connection):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        cache: dict = {}  # the same few timestamps recur (a day's marks share one)

        def convert(value):
            found = cache.get(value)
            if found is None:
                if len(cache) > 100_000:
                    cache.clear()
                found = cache[value] = ops.adapt_datetimefield_value(value)
            return found

        return convert
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.TimeField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.DecimalField):
        return lambda v: None if v is None else str(v)
    if isinstance(field, models.JSONField):
        return json.dumps
    return None


class Sink:
    def __init__(self, using: str = "default", *, now: dt.datetime | None = None):
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"
        self.now = now or timezone.now()
        self._tables: dict[type, Table] = {}
        self._next_id: dict[str, int] = {}
        self._pending = 0
        self.written: Counter[str] = Counter()  # rows written, by table name
        self._touched: set[type] = set()

    # Tables --------------------------------------------------------------------------------

    def table(self, model) -> Table:
        found = self._tables.get(model)
        if found is None:
            found = self._describe(model)
            self._tables[model] = found
        return found

    def _describe(self, model) -> Table:
        columns, defaults, converters = [], [], []
        for field in model._meta.concrete_fields:
            columns.append(field.column)
            if field.primary_key:
                defaults.append(MissingValue)
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults.append(self.now)
            elif field.has_default():
                default = field.get_default()
                defaults.append(default)
            elif field.null:
                defaults.append(None)
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                defaults.append("")
            else:
                defaults.append(MissingValue)
            converters.append(None if self.postgres else _sqlite_converter(field, self.connection))
            if self.postgres and isinstance(field, models.JSONField):
                converters[-1] = json.dumps
        table = Table(
            model=model,
            name=model._meta.db_table,
            columns=columns,
            defaults=defaults,
            converters=converters,
            pk_column=model._meta.pk.column,
        )
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            table.history = self.table(history.model)
            table.history.copied_from = [
                columns.index(column) if column in columns else column
                for column in table.history.columns
            ]
        return table

    # Ids -----------------------------------------------------------------------------------

    def ids(self, model, count: int = 1) -> int:
        """The first of `count` fresh primary keys of the model's table."""
        table = self.table(model)
        if table.name not in self._next_id:
            quote = self.connection.ops.quote_name
            sql = f"SELECT MAX({quote(table.pk_column)}) FROM {quote(table.name)}"  # noqa: S608  # nosec B608  # identifiers through quote_name, values as parameters
            with self.connection.cursor() as cursor:
                cursor.execute(sql)
                self._next_id[table.name] = (cursor.fetchone()[0] or 0) + 1
        first = self._next_id[table.name]
        self._next_id[table.name] = first + count
        self._touched.add(model)
        return first

    # Rows ----------------------------------------------------------------------------------

    def add(self, model, values: dict, *, by=None, at: dt.datetime | None = None) -> int:
        """Buffers one row (a value per field's attname or column; the rest from the fields'
        defaults) and, for a model with history, its "+" row by `by` (a user id) at `at`.
        Returns the row's primary key, allocated here unless given."""
        table = self._tables.get(model) or self.table(model)
        for column in table.required:
            if column not in values:
                raise MissingValue(f"{table.name}: no value for the required column {column}")
        pk = values.get(table.pk_column)
        if pk is None:
            pk = self.ids(model)
        row = [values.get(column, default) for column, default in table.pairs]
        row[table.pk_index] = pk
        self._buffer(table, row)
        if table.history is not None:
            self._history(table, row, by, at or self.now)
        return pk

    def add_plain(self, table: Table, row: list) -> None:
        """Buffers one complete row in the table's column order (`columns(model)`), id included,
        and nothing else (no history row): the fast path for the biggest tables."""
        self._buffer(table, row)

    def columns(self, model) -> list[str]:
        return self.table(model).columns

    def _history(self, table: Table, row: list, by, at) -> None:
        history = table.history
        extra = {
            history.pk_column: self.ids(history.model),
            "history_date": at,
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": by,
        }
        self._buffer(
            history,
            [row[i] if i.__class__ is int else extra[i] for i in history.copied_from],
        )

    def _buffer(self, table: Table, row: list) -> None:
        table.rows.append(row)
        self._pending += 1
        if self._pending >= FLUSH_ROWS:
            self.flush()

    def analyse(self, tables) -> None:
        """PostgreSQL: ANALYZE the tables, so that queries right after a bulk load are planned
        on their real sizes rather than waiting for autovacuum."""
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f"ANALYZE {quote(table)}")

    def skip_foreign_key_checks(self) -> None:
        """PostgreSQL, as a superuser: for the rest of the current transaction, no trigger runs,
        so the foreign keys are not checked row by row at commit (`session_replication_role =
        replica`; the append-only triggers guard UPDATE and DELETE only, and nothing here
        updates or deletes). Twice as fast at national size. The rows are the same as with the
        checks: the tests generate with them on, and Django's test case checks every deferred
        constraint at the end of each test."""
        if not self.postgres:
            raise ValueError("Skipping the foreign key checks is for PostgreSQL only")
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cursor.fetchone()[0]:
                raise ValueError(
                    "Skipping the foreign key checks needs a PostgreSQL superuser: "
                    "run without --skip-fk-checks"
                )
            cursor.execute("SET LOCAL session_replication_role = replica")

    # Writing -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Writes every buffered row. Call inside the caller's transaction."""
        for table in self._tables.values():
            if table.rows:
                rows, table.rows = table.rows, []
                self._write(table, rows)
                self.written[table.name] += len(rows)
        self._pending = 0

    def _write(self, table: Table, rows: list[list]) -> None:
        quote = self.connection.ops.quote_name
        converters = [(i, c) for i, c in enumerate(table.converters) if c is not None]
        if converters:
            for row in rows:
                for i, convert in converters:
                    if row[i] is not None:
                        row[i] = convert(row[i])
        column_list = ", ".join(quote(c) for c in table.columns)
        with self.connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor  # psycopg 3's own cursor, under Django's wrapper
                with raw.copy(f"COPY {quote(table.name)} ({column_list}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in table.columns)
                sql = f"INSERT INTO {quote(table.name)} ({column_list}) VALUES ({marks})"  # noqa: S608  # nosec B608  # identifiers through quote_name, values as parameters
                raw = cursor.cursor
                for start in range(0, len(rows), SQLITE_BATCH):
                    raw.executemany(sql, rows[start : start + SQLITE_BATCH])

    def finish(self) -> None:
        """Flushes, then (PostgreSQL) moves every touched table's id sequence past its rows."""
        self.flush()
        if self.postgres and self._touched:
            statements = self.connection.ops.sequence_reset_sql(no_style(), list(self._touched))
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
