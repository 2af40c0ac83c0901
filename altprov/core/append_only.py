"""Append-only tables: rows are added, never changed or deleted (R-6.2 the chronology, X-1 the
access log).

Two guards, so that no path gets through:

1. In Python, `AppendOnlyModel` and its manager refuse, with a clear `AppendOnlyError`, `save()` of
   a stored row (with or without `update_fields`), `delete()`, and the queryset's `update()`,
   `delete()`, `bulk_update()` and `bulk_create(update_conflicts=True)`. A new row is always
   INSERTed, so an object made with the id of a stored row cannot overwrite it.
2. In the database, triggers refuse every UPDATE and DELETE of the table (and TRUNCATE on
   PostgreSQL), whatever sends them: raw SQL, a plain queryset, the deletion collector.
   `install_triggers` creates them; it is idempotent and runs from each app's migration and after
   every `migrate` (the `post_migrate` handler), so the triggers exist with `--nomigrations` too,
   and again after SQLite rebuilds a table to alter it.

The one deliberate way to delete is `deletion_allowed()`: a transaction in which deletion (never
change) of append-only rows is allowed, by a connection-level flag (and on PostgreSQL the
transaction-local setting `altprov.append_only_deletion`, which the trigger reads). Two callers
use it: the `flush` command (which tests use to empty the database between transactional tests,
and which empties every table anyway), and the retention service
(`altprov.retention.services.confirm_deletion`), which deletes records past their retention
period. Nothing else may.
"""

from __future__ import annotations

import contextlib

from django.apps import apps
from django.db import connections, models, router, transaction

FLAG = "altprov_append_only_deletion"
PG_SETTING = "altprov.append_only_deletion"
SQLITE_FUNCTION = "altprov_append_only_deletion_allowed"


class AppendOnlyError(ValueError):
    """A change or deletion of a row in an append-only table."""


def _deletion_flag(connection) -> bool:
    return bool(getattr(connection, FLAG, False))


@contextlib.contextmanager
def deletion_allowed(using: str = "default"):
    """A transaction in which append-only rows may be deleted (never changed). Only for the
    `flush` command and retention (see the module's docstring)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        before = _deletion_flag(connection)
        setattr(connection, FLAG, True)
        try:
            if connection.vendor == "postgresql":
                _pg_setting(connection, "on")
            yield
            # On an error the transaction (or savepoint) rolls back, and the setting with it.
            if connection.vendor == "postgresql" and not before:
                _pg_setting(connection, "off")
        finally:
            setattr(connection, FLAG, before)


def _pg_setting(connection, value: str) -> None:
    with connection.cursor() as cursor:  # transaction-local (SET LOCAL)
        cursor.execute("SELECT set_config(%s, %s, true)", [PG_SETTING, value])


class AppendOnlyQuerySet(models.QuerySet):
    def _refuse(self, what: str):
        raise AppendOnlyError(f"{self.model.append_only_refusal} ({what} refused)")

    def update(self, **kwargs):
        self._refuse("update")

    def _update(self, values):
        self._refuse("update")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("bulk_update")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            self._refuse("bulk_create with update_conflicts")
        return super().bulk_create(objs, *args, **kwargs)

    def update_or_create(self, *args, **kwargs):
        self._refuse("update_or_create")

    def delete(self):
        if not _deletion_flag(connections[self.db]):
            self._refuse("delete")
        return super().delete()


class AppendOnlyModel(models.Model):
    """A model whose rows are never changed or deleted. Subclasses say how, in words, in
    `append_only_refusal`."""

    append_only_refusal = "This record is never changed or deleted"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, **kwargs):  # Django 6 takes save()'s arguments by name only
        if not self._state.adding or kwargs.get("update_fields") is not None:
            raise AppendOnlyError(f"{self.append_only_refusal} (save of a stored row refused)")
        if kwargs.get("force_update"):
            raise AppendOnlyError(f"{self.append_only_refusal} (forced update refused)")
        kwargs["force_insert"] = True  # never an UPDATE, even with the id of a stored row
        super().save(**kwargs)

    def delete(self, *args, **kwargs):
        # One database: every way of naming its alias is the same here, so not mutated.
        using = router.db_for_write(type(self), instance=self)  # pragma: no mutate
        if not _deletion_flag(connections[using]):
            raise AppendOnlyError(f"{self.append_only_refusal} (delete refused)")
        return super().delete(*args, **kwargs)


# --- The database triggers -------------------------------------------------------------------

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION altprov_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'integrity_constraint_violation',
        MESSAGE = format('%s is append-only: its rows are never %s', TG_TABLE_NAME,
                         CASE WHEN TG_OP = 'UPDATE' THEN 'changed' ELSE 'deleted' END),
        HINT = 'Add a new row instead (for the chronology, a correction).';
END
$$
"""


def _statements(vendor: str, table: str, quote) -> list[str]:
    name = quote(table)
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE TRIGGER altprov_append_only BEFORE UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION altprov_append_only()",
            f"CREATE OR REPLACE TRIGGER altprov_append_only_truncate BEFORE TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION altprov_append_only()",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {quote(table + '_append_only_update')} "
            f"BEFORE UPDATE ON {name} BEGIN "
            f"SELECT RAISE(ABORT, '{table} is append-only: its rows are never changed'); END",
            f"CREATE TRIGGER IF NOT EXISTS {quote(table + '_append_only_delete')} "
            f"BEFORE DELETE ON {name} WHEN NOT {SQLITE_FUNCTION}() BEGIN "
            f"SELECT RAISE(ABORT, '{table} is append-only: its rows are never deleted'); END",
        ]
    raise NotImplementedError(f"No append-only triggers for {vendor}")


def install_triggers(connection, tables: list[str]) -> None:
    """Creates (or replaces) the triggers on each of `tables` that exists. Idempotent."""
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    if not tables:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for table in tables:
            for sql in _statements(connection.vendor, table, connection.ops.quote_name):
                cursor.execute(sql)


def remove_triggers(connection, tables: list[str]) -> None:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in (t for t in tables if t in existing):
            quote = connection.ops.quote_name
            if connection.vendor == "postgresql":
                for trigger in ("altprov_append_only", "altprov_append_only_truncate"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quote(table)}")
            else:
                for suffix in ("_append_only_update", "_append_only_delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(table + suffix)}")


def append_only_tables(app_config=None) -> list[str]:
    models_ = app_config.get_models() if app_config else apps.get_models()
    return sorted(
        model._meta.db_table
        for model in models_
        if issubclass(model, AppendOnlyModel) and not model._meta.abstract
    )


def install_after_migrate(sender, using, **kwargs) -> None:
    """post_migrate, sent for each app: the app's append-only tables have their triggers, also
    when tests build the schema without migrations (`--nomigrations`) or after SQLite rebuilt a
    table to alter it."""
    tables = append_only_tables(sender)
    if tables:
        install_triggers(connections[using], tables)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created: the function the SQLite delete trigger asks. A connection without it
    (the sqlite3 shell) cannot delete at all."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 0, lambda: int(_deletion_flag(connection))
        )  # not deterministic (the default): its answer changes within a connection
