"""X-1: the access log (each event and the pupils it names) is never changed or deleted, by any
path: the models and their managers refuse in Python, and the database's triggers refuse whatever
gets past them. Run on SQLite and on PostgreSQL (DATABASE_URL), with and without migrations."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError

from altprov.audit.models import AccessEvent, AccessEventPupil
from altprov.authz.permissions import Role
from altprov.core.append_only import AppendOnlyError, deletion_allowed
from tests import factories
from tests.append_only import (
    expected_triggers,
    on_postgresql,
    raw,
    refused_by_database,
    triggers_on,
)
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db
EVENTS = AccessEvent._meta.db_table
PUPILS = AccessEventPupil._meta.db_table
REFUSED = "access log is never changed or deleted"


def make_event(world) -> AccessEvent:
    """A real access event: the SENDCo opens a pupil's record."""
    signed_in_client(world.users[Role.SENDCO]).get(f"/pupils/{world.pupil_a1.pk}/")
    return AccessEvent.objects.get()


@pytest.fixture
def event(world):
    return make_event(world)


def unchanged(event, world) -> bool:
    return AccessEvent.objects.filter(pk=event.pk, what="pupil record").exists() and list(
        event.pupils.all()
    ) == [world.pupil_a1]


def test_X1_the_triggers_are_in_the_database():
    for table in (EVENTS, PUPILS):
        assert triggers_on(table) == expected_triggers(table)


def test_X1_a_view_still_adds_an_event_naming_its_pupils(event, world):
    assert event.user == world.users[Role.SENDCO] and unchanged(event, world)


def test_X1_saving_a_stored_event_again_is_refused(event, world):
    event.what = "something else"
    with pytest.raises(AppendOnlyError, match=REFUSED):
        event.save()
    with pytest.raises(AppendOnlyError, match=REFUSED):
        event.save(update_fields=["what"])
    link = AccessEventPupil.objects.get()
    link.pupil = world.canary_a2
    with pytest.raises(AppendOnlyError, match=REFUSED):
        link.save()
    assert unchanged(event, world)


def test_X1_queryset_update_and_bulk_update_are_refused(event, world):
    with pytest.raises(AppendOnlyError, match=REFUSED):
        AccessEvent.objects.filter(pk=event.pk).update(what="something else")
    with pytest.raises(AppendOnlyError, match=REFUSED):
        AccessEventPupil.objects.update(pupil=world.canary_a2)
    event.what = "something else"
    with pytest.raises(AppendOnlyError, match=REFUSED):
        AccessEvent.objects.bulk_update([event], ["what"])
    with pytest.raises(AppendOnlyError, match=REFUSED):
        AccessEvent.objects.update_or_create(pk=event.pk, defaults={"what": "else"})
    assert unchanged(event, world)


def test_X1_deleting_an_event_is_refused(event, world):
    with pytest.raises(AppendOnlyError, match=REFUSED):
        event.delete()
    with pytest.raises(AppendOnlyError, match=REFUSED):
        AccessEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError, match=REFUSED):
        world.users[Role.SENDCO].access_events.all().delete()
    assert unchanged(event, world)


def test_X1_the_pupils_of_an_event_cannot_be_removed_cleared_or_replaced(event, world):
    for change in (
        lambda: event.pupils.remove(world.pupil_a1),
        lambda: event.pupils.clear(),
        lambda: event.pupils.set([world.canary_a2]),
        lambda: world.pupil_a1.access_events.remove(event),
        lambda: world.pupil_a1.access_events.clear(),
        lambda: AccessEventPupil.objects.all().delete(),
        lambda: AccessEventPupil.objects.get().delete(),
    ):
        # remove() and clear() open their own transaction: a savepoint keeps the test's usable
        with pytest.raises(AppendOnlyError, match=REFUSED), transaction.atomic():
            change()
    assert unchanged(event, world)


def test_X1_a_pupil_the_log_names_cannot_be_deleted(event, world):
    with pytest.raises(ProtectedError), transaction.atomic():
        world.pupil_a1.delete()
    assert unchanged(event, world)


def test_X1_the_database_refuses_raw_sql_update_and_delete(event, world):
    refused_by_database(f"UPDATE {EVENTS} SET what = 'else' WHERE id = %s", [event.pk])
    refused_by_database(f"DELETE FROM {EVENTS} WHERE id = %s", [event.pk])
    refused_by_database(f"UPDATE {PUPILS} SET pupil_id = %s", [world.canary_a2.pk])
    refused_by_database(f"DELETE FROM {PUPILS}")
    assert unchanged(event, world)


def test_X1_the_database_refuses_orm_paths_that_skip_the_guarded_manager(event, world):
    for table_model in (AccessEvent, AccessEventPupil):
        plain = models.QuerySet(table_model).all()
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            plain.delete()
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            table_model.objects.all()._raw_delete(using="default")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        models.QuerySet(AccessEvent).update(what="else")
    assert unchanged(event, world)


@on_postgresql
def test_X1_the_database_refuses_truncate_on_postgresql(event, world):
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE waits for the deferred foreign keys
    refused_by_database(f"TRUNCATE {PUPILS}")
    refused_by_database(f"TRUNCATE {EVENTS} CASCADE")
    assert unchanged(event, world)


def test_X1_retention_may_delete_inside_deletion_allowed_but_never_change(event, world):
    """The one deliberate way to delete (for retention, issue 11): an event and its pupils go
    together; a change is still refused."""
    with deletion_allowed():
        refused_by_database(f"UPDATE {EVENTS} SET what = 'else' WHERE id = %s", [event.pk])
        event.delete()
    assert not AccessEvent.objects.exists() and not AccessEventPupil.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_X1_flush_still_empties_the_database_and_the_triggers_stay():
    make_event(factories.world())
    with pytest.raises(IntegrityError, match="append-only"):
        raw(f"DELETE FROM {PUPILS}")
    call_command("flush", "--no-input", verbosity=0)
    assert not AccessEvent.objects.exists() and not AccessEventPupil.objects.exists()
    for table in (EVENTS, PUPILS):
        assert triggers_on(table) == expected_triggers(table)


def test_X1_a_pupil_shown_twice_on_a_page_is_named_once(world, rf):
    from altprov.audit.access import record_access

    request = rf.get("/somewhere/")
    request.user = world.users[Role.SENDCO]
    record_access(request, what="list", pupils=[world.pupil_a1, world.pupil_a1])
    assert list(AccessEvent.objects.get().pupils.all()) == [world.pupil_a1]
