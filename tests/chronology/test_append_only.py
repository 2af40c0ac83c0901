"""R-6.2: chronology entries are never changed or deleted, by any path: the model and its
manager refuse in Python, and the database's triggers refuse whatever gets past them (raw SQL, a
plain queryset). Run on SQLite and on PostgreSQL (DATABASE_URL), with and without migrations."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, models, transaction

from altprov.authz.permissions import Role
from altprov.chronology import services
from altprov.chronology.models import ChronologyEntry
from altprov.core.append_only import AppendOnlyError, deletion_allowed
from tests import factories
from tests.append_only import (
    expected_triggers,
    on_postgresql,
    raw,
    refused_by_database,
    triggers_on,
)

pytestmark = pytest.mark.django_db
TABLE = ChronologyEntry._meta.db_table
REFUSED = "never changed or deleted"


@pytest.fixture
def entry(world):
    return services.entry_add(
        pupil=world.pupil_a1,
        kind="note",
        occurred_on=dt.date(2026, 9, 1),
        summary="First",
        by=world.users[Role.DSL],
    )


def unchanged(entry) -> bool:
    return ChronologyEntry.objects.filter(pk=entry.pk, summary="First").exists()


def test_R6_2_the_triggers_are_in_the_database():
    assert triggers_on(TABLE) == expected_triggers(TABLE)


def test_R6_2_saving_a_stored_entry_again_is_refused(entry):
    entry.summary = "Changed"
    with pytest.raises(AppendOnlyError, match=REFUSED):
        entry.save()
    assert unchanged(entry)


def test_R6_2_saving_with_update_fields_is_refused(entry):
    entry.summary = "Changed"
    with pytest.raises(AppendOnlyError, match=REFUSED):
        entry.save(update_fields=["summary"])
    assert unchanged(entry)


def test_R6_2_a_new_entry_with_a_stored_entrys_id_cannot_overwrite_it(entry):
    copy = ChronologyEntry(
        pk=entry.pk,
        pupil=entry.pupil,
        kind="note",
        occurred_on=entry.occurred_on,
        summary="Overwritten",
        recorded_by=entry.recorded_by,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    with pytest.raises(AppendOnlyError, match=REFUSED):
        copy.save(force_update=True)
    assert unchanged(entry)


def test_R6_2_queryset_update_is_refused(entry):
    with pytest.raises(AppendOnlyError, match=REFUSED):
        ChronologyEntry.objects.filter(pk=entry.pk).update(summary="Changed")
    with pytest.raises(AppendOnlyError, match=REFUSED):
        entry.pupil.chronology.update(summary="Changed")
    assert unchanged(entry)


def test_R6_2_bulk_update_and_upserts_are_refused(entry):
    entry.summary = "Changed"
    with pytest.raises(AppendOnlyError, match=REFUSED):
        ChronologyEntry.objects.bulk_update([entry], ["summary"])
    with pytest.raises(AppendOnlyError, match=REFUSED):
        ChronologyEntry.objects.bulk_create(
            [entry], update_conflicts=True, unique_fields=["id"], update_fields=["summary"]
        )
    with pytest.raises(AppendOnlyError, match=REFUSED):
        ChronologyEntry.objects.update_or_create(pk=entry.pk, defaults={"summary": "Changed"})
    assert unchanged(entry)


def test_R6_2_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError, match=REFUSED):
        entry.delete()
    assert unchanged(entry)


def test_R6_2_queryset_delete_is_refused(entry):
    with pytest.raises(AppendOnlyError, match=REFUSED):
        ChronologyEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError, match=REFUSED):
        entry.pupil.chronology.all().delete()
    assert unchanged(entry)


def test_R6_2_the_database_refuses_raw_sql_update_and_delete(entry):
    refused_by_database(f"UPDATE {TABLE} SET summary = 'Changed' WHERE id = %s", [entry.pk])
    refused_by_database(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    refused_by_database(f"DELETE FROM {TABLE}")
    assert unchanged(entry)


def test_R6_2_the_database_refuses_orm_paths_that_skip_the_guarded_manager(entry):
    plain = models.QuerySet(ChronologyEntry).filter(pk=entry.pk)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        plain.update(summary="Changed")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        plain.delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        ChronologyEntry.objects.filter(pk=entry.pk)._raw_delete(using="default")
    assert unchanged(entry)


@on_postgresql
def test_R6_2_the_database_refuses_truncate_on_postgresql(entry):
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE waits for the deferred foreign keys
    refused_by_database(f"TRUNCATE {TABLE} CASCADE")
    assert unchanged(entry)


def test_R6_2_retention_may_delete_inside_deletion_allowed_but_never_change(entry, world):
    """The one deliberate way to delete (for retention, issue 11): inside `deletion_allowed`
    an entry may be deleted; a change is still refused, and outside it deletion is refused
    again."""
    other = services.entry_add(
        pupil=world.pupil_a1,
        kind="note",
        occurred_on=dt.date(2026, 9, 2),
        summary="Second",
        by=world.users[Role.DSL],
    )
    with deletion_allowed():
        refused_by_database(f"UPDATE {TABLE} SET summary = 'Changed' WHERE id = %s", [entry.pk])
        with pytest.raises(AppendOnlyError):
            ChronologyEntry.objects.filter(pk=entry.pk).update(summary="Changed")
        entry.delete()
    assert not ChronologyEntry.objects.filter(pk=entry.pk).exists()
    refused_by_database(f"DELETE FROM {TABLE} WHERE id = %s", [other.pk])
    with pytest.raises(AppendOnlyError):
        other.delete()
    assert ChronologyEntry.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_R6_2_flush_still_empties_the_database_and_the_triggers_stay():
    """Tests that commit are emptied by `flush` afterwards (DELETE on SQLite, TRUNCATE on
    PostgreSQL): flush is allowed to, nothing else is."""
    world = factories.world()
    services.entry_add(
        pupil=world.pupil_a1,
        kind="note",
        occurred_on=dt.date(2026, 9, 1),
        summary="First",
        by=world.users[Role.DSL],
    )
    with pytest.raises(IntegrityError, match="append-only"):
        raw(f"DELETE FROM {TABLE}")
    call_command("flush", "--no-input", verbosity=0)
    assert not ChronologyEntry.objects.exists()
    assert triggers_on(TABLE) == expected_triggers(TABLE)
