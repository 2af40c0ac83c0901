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
    SQLITE_FUNCTION,
    AppendOnlyError,
    deletion_allowed,
    install_triggers,
    register_sqlite_function,
    remove_triggers,
)
from tests.append_only import expected_triggers, raw, refused_by_database, triggers_on

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
