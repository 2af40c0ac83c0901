"""R-6.2 and X-1: each guard of an append-only table on its own, by its exact refusal, so that
a guard which stopped working would show even where the database's trigger still refuses
behind it; the triggers' removal and re-installation (the migrations' reverse step); and the
SQLite function through which the delete trigger asks whether deletion is allowed."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, connection, models, transaction

from altprov.authz.permissions import Role
from altprov.chronology import services
from altprov.chronology.models import ChronologyEntry
from altprov.core.append_only import (
    PG_FUNCTION,
    PG_SETTING,
    SQLITE_FUNCTION,
    AppendOnlyError,
    _pg_setting,
    _statements,
    append_only_tables,
    deletion_allowed,
    install_after_migrate,
    install_triggers,
    register_sqlite_function,
    remove_triggers,
)
from tests.append_only import (
    RecordingConnection,
    expected_triggers,
    raw,
    refused_by_database,
    triggers_on,
)

pytestmark = pytest.mark.django_db
TABLE = ChronologyEntry._meta.db_table
REFUSAL = ChronologyEntry.append_only_refusal


@pytest.fixture
def entry(world):
    return services.entry_add(
        pupil=world.pupil_a1,
        kind="note",
        occurred_on=dt.date(2026, 9, 1),
        summary="First",
        by=world.users[Role.DSL],
    )


def refused(what: str):
    return pytest.raises(AppendOnlyError, match=f"^{re.escape(REFUSAL)} \\({what} refused\\)$")


def test_R6_2_each_path_is_refused_in_python_with_its_own_words(entry):
    entries = ChronologyEntry.objects.filter(pk=entry.pk)
    entry.summary = "Changed"
    with refused("save of a stored row"):
        entry.save()
    with refused("update"):
        entries.update(summary="Changed")
    with refused("update"):
        entries._update({"summary": "Changed"})
    with refused("bulk_update"):
        ChronologyEntry.objects.bulk_update([entry], ["summary"])
    with refused("bulk_create with update_conflicts"):
        ChronologyEntry.objects.bulk_create(
            [entry], update_conflicts=True, unique_fields=["id"], update_fields=["summary"]
        )
    with refused("update_or_create"):
        ChronologyEntry.objects.update_or_create(pk=entry.pk, defaults={"summary": "Changed"})
    with refused("delete"):
        entries.delete()
    with refused("delete"):
        entry.delete()
    fresh = ChronologyEntry(pupil=entry.pupil, summary="New")
    with refused("forced update"):
        fresh.save(force_update=True)
    assert ChronologyEntry.objects.filter(pk=entry.pk, summary="First").exists()


def test_R6_2_inside_deletion_allowed_a_queryset_may_delete(entry):
    with deletion_allowed():
        assert ChronologyEntry.objects.filter(pk=entry.pk).delete()[0] == 1
    assert not ChronologyEntry.objects.filter(pk=entry.pk).exists()


def test_R6_2_the_migrations_reverse_step_removes_the_triggers_and_they_can_be_put_back(entry):
    remove_triggers(connection, [TABLE, "no_such_table"])
    assert triggers_on(TABLE) == set()
    raw(f"UPDATE {TABLE} SET summary = 'Changed' WHERE id = %s", [entry.pk])  # nothing refuses
    install_triggers(connection, [TABLE])
    assert triggers_on(TABLE) == expected_triggers(TABLE)
    refused_by_database(f"UPDATE {TABLE} SET summary = 'Again' WHERE id = %s", [entry.pk])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the function is SQLite's")
def test_R6_2_the_sqlite_delete_trigger_asks_the_connections_flag():
    register_sqlite_function(sender=None, connection=connection)

    def allowed() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {SQLITE_FUNCTION}()")
            return cursor.fetchone()[0]

    assert allowed() == 0
    with deletion_allowed():
        assert allowed() == 1
    assert allowed() == 0


def test_R6_2_a_plain_model_save_past_the_guard_is_refused_by_the_database(entry):
    entry.summary = "Changed"
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.Model.save(entry)


@pytest.mark.parametrize(
    ("vendor", "statements"),
    [
        (
            "postgresql",
            [
                'DROP TRIGGER IF EXISTS altprov_append_only ON "t"',
                'DROP TRIGGER IF EXISTS altprov_append_only_truncate ON "t"',
            ],
        ),
        (
            "sqlite",
            [
                'DROP TRIGGER IF EXISTS "t_append_only_update"',
                'DROP TRIGGER IF EXISTS "t_append_only_delete"',
            ],
        ),
    ],
)
def test_R6_2_the_reverse_step_drops_each_trigger_by_its_name_on_each_database(vendor, statements):
    recording = RecordingConnection(vendor, ["t", "other"])
    remove_triggers(recording, ["t", "no_such_table"])
    assert recording.sent == statements
    # The names dropped are the names made, so a reverse step leaves no trigger behind.
    made = " ".join(_statements(vendor, "t", recording.ops.quote_name))
    for sql in statements:
        assert sql.split("EXISTS ")[1].split(" ON")[0] in made


def test_R6_2_on_postgresql_the_function_comes_first_then_a_row_and_a_statement_trigger():
    recording = RecordingConnection("postgresql", ["t"])
    install_triggers(recording, ["t", "no_such_table"])
    assert recording.sent == [
        PG_FUNCTION,
        'CREATE OR REPLACE TRIGGER altprov_append_only BEFORE UPDATE OR DELETE ON "t" '
        "FOR EACH ROW EXECUTE FUNCTION altprov_append_only()",
        'CREATE OR REPLACE TRIGGER altprov_append_only_truncate BEFORE TRUNCATE ON "t" '
        "FOR EACH STATEMENT EXECUTE FUNCTION altprov_append_only()",
    ]
    nothing = RecordingConnection("postgresql", [])
    install_triggers(nothing, ["t"])
    assert nothing.sent == []


def test_R6_2_on_postgresql_deletion_is_allowed_by_a_transaction_local_setting():
    recording = RecordingConnection("postgresql", [])
    _pg_setting(recording, "on")
    assert recording.sent == ["SELECT set_config(%s, %s, true)"]
    assert recording.params == [[PG_SETTING, "on"]]


def test_R6_2_a_database_with_no_triggers_written_for_it_is_named():
    with pytest.raises(NotImplementedError, match="^No append-only triggers for mysql$"):
        install_triggers(RecordingConnection("mysql", ["t"]), ["t"])


def test_R6_2_each_apps_migration_guards_its_own_append_only_tables_only():
    from django.apps import apps

    from altprov.audit.models import AccessEvent

    chronology, audit = apps.get_app_config("chronology"), apps.get_app_config("audit")
    assert append_only_tables(chronology) == [TABLE]
    assert AccessEvent._meta.db_table in append_only_tables(audit)
    assert TABLE not in append_only_tables(audit)
    assert set(append_only_tables()) >= {TABLE, AccessEvent._meta.db_table}

    audit_tables = append_only_tables(audit)
    remove_triggers(connection, [TABLE, *audit_tables])
    install_after_migrate(sender=chronology, using="default")
    assert triggers_on(TABLE) == expected_triggers(TABLE)
    for table in audit_tables:
        assert triggers_on(table) == set()
    install_after_migrate(sender=audit, using="default")
    for table in audit_tables:
        assert triggers_on(table) == expected_triggers(table)


def test_R6_2_saving_a_new_row_with_update_fields_is_refused_as_a_change(world):
    fresh = ChronologyEntry(pupil=world.pupil_a1, summary="New", occurred_on=dt.date(2026, 9, 1))
    with refused("save of a stored row"):
        fresh.save(update_fields=["summary"])
    assert not ChronologyEntry.objects.filter(summary="New").exists()


def test_R6_2_a_new_object_with_a_stored_rows_id_is_inserted_never_an_update(entry):
    """The Python guard sends an INSERT, which the primary key refuses; it never sends the
    UPDATE that the trigger would have to stop."""
    copy = ChronologyEntry.objects.get(pk=entry.pk)
    copy._state.adding = True
    copy.summary = "Overwritten"
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        copy.save()
    assert "append-only" not in str(refusal.value)
    assert ChronologyEntry.objects.get(pk=entry.pk).summary == "First"


def test_R6_2_adding_rows_in_bulk_keeps_its_batch_size(entry, django_assert_num_queries):
    def rows(n):
        return [
            ChronologyEntry(pupil=entry.pupil, summary=f"Bulk {i}", occurred_on=entry.occurred_on)
            for i in range(n)
        ]

    with django_assert_num_queries(3):
        ChronologyEntry.objects.bulk_create(rows(3), 1)
    with django_assert_num_queries(2):
        ChronologyEntry.objects.bulk_create(rows(3), batch_size=2)
    assert ChronologyEntry.objects.filter(summary__startswith="Bulk").count() == 6
