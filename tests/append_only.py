"""Helpers for the tests of append-only tables (R-6.2 the chronology, X-1 the access log): raw SQL
past every Python guard, and what the database holds."""

import pytest
from django.db import IntegrityError, connection, transaction

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="TRUNCATE is PostgreSQL's; run with DATABASE_URL=postgres://... to test it",
)


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused_by_database(sql: str, params=()) -> None:
    """Runs `sql` and checks that the table's trigger refused it. The savepoint keeps the test's
    transaction usable on PostgreSQL after the error."""
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(sql, params)


def triggers_on(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(table: str) -> set[str]:
    if connection.vendor == "postgresql":
        return {"altprov_append_only", "altprov_append_only_truncate"}
    return {f"{table}_append_only_update", f"{table}_append_only_delete"}


class RecordingConnection:
    """A connection of another vendor that records the SQL it is sent (and its parameters) and
    holds `tables`: the statements for the database that this run is not on. The PostgreSQL suite
    runs the trigger tests against real triggers; `make mutate` runs on SQLite."""

    def __init__(self, vendor: str, tables: list[str]):
        self.vendor, self.sent, self.params = vendor, [], []
        self.introspection = type("I", (), {"table_names": lambda _self: tables})()
        self.ops = type("O", (), {"quote_name": lambda _self, name: f'"{name}"'})()

    def cursor(self):
        connection = self

        class Cursor:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, sql, params=None):
                connection.sent.append(sql)
                if params is not None:
                    connection.params.append(params)

        return Cursor()
