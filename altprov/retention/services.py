"""Retention (X-1): the monthly list of records past their retention period, and the deletion the
school's DSL confirms."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.audit.access import roles_in_words
from altprov.audit.models import AccessEvent
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.append_only import deletion_allowed
from altprov.core.locking import lock
from altprov.pupils.models import Pupil

from .models import DueForDeletion
from .periods import due_pupils
from .record import EvidenceFile, record_of

TOMBSTONE = "retention deletion"
ALREADY_DELETED = "This record has already been deleted, or is no longer listed for deletion."
NO_LONGER_DUE = (
    "This record is no longer past its retention period (the trust settings have changed), so it "
    "has not been deleted."
)


def list_due(today: dt.date) -> int:
    """The monthly job: stores every record past its retention period on `today`, per school,
    for the school's DSL. A record listed before keeps the date it was first listed; one no
    longer due (the trust kept records longer) leaves the list. Returns the number listed."""
    due = {d.pupil_id: d for d in due_pupils(today)}
    with transaction.atomic():
        DueForDeletion.objects.exclude(pupil_id__in=list(due)).delete()
        stored = {row.pupil_id: row for row in DueForDeletion.objects.select_for_update()}
        changed, new = [], []
        for pupil_id, d in due.items():
            row = stored.get(pupil_id)
            if row is None:
                new.append(
                    DueForDeletion(
                        school_id=d.school_id,
                        pupil_id=pupil_id,
                        due_on=d.due_on,
                        safeguarding=d.safeguarding,
                        years=d.years,
                        listed_on=today,
                    )
                )
            elif (row.school_id, row.due_on, row.safeguarding, row.years) != (
                d.school_id,
                d.due_on,
                d.safeguarding,
                d.years,
            ):
                row.school_id, row.due_on = d.school_id, d.due_on
                row.safeguarding, row.years = d.safeguarding, d.years
                changed.append(row)
        DueForDeletion.objects.bulk_create(new)
        DueForDeletion.objects.bulk_update(changed, ["school", "due_on", "safeguarding", "years"])
    return len(due)


@dataclass(frozen=True)
class Deleted:
    reference: str
    rows: int
    history_rows: int
    files: int


def confirm_deletion(*, due: DueForDeletion, by, today: dt.date | None = None) -> Deleted:
    """Deletes the pupil's whole record (altprov/retention/record.py): its rows, every version of
    them in the history tables and its uploaded files (from storage once the transaction has
    committed), in one transaction, and writes an anonymous tombstone in the access log: who
    confirmed, when, the school, a random reference and the counts, never the pupil.

    Only the DSL of the pupil's school, and only while the record is still past its period under
    the trust's settings. A second confirmation (or two at once) is refused with a message."""
    today = today or dt.date.today()
    if not has_permission(by, Permission.CONFIRM_RETENTION_DELETIONS, school=due.school):
        raise ValidationError("Only the school's DSL may confirm the deletion of a record.")
    with deletion_allowed():  # one transaction; the only other caller is `flush`
        try:
            lock(due)
            pupil = lock(Pupil.objects.get(pk=due.pupil_id))
        except (DueForDeletion.DoesNotExist, Pupil.DoesNotExist):
            raise ValidationError(ALREADY_DELETED) from None
        if not due_pupils(today, Pupil.objects.filter(pk=pupil.pk)):
            raise ValidationError(NO_LONGER_DUE)
        record = record_of(pupil)
        names = list(
            EvidenceFile.objects.filter(pk__in=record.files).values_list("file", flat=True)
        )
        # Every foreign key is checked at COMMIT (Django makes them DEFERRABLE INITIALLY
        # DEFERRED), so the order is free; children first all the same. No signals: nothing
        # of the record is written again (simple_history's deletion versions among them).
        for model, ids in reversed(list(record.rows.items())):
            query = model._base_manager.filter(pk__in=ids)
            query._raw_delete(query.db)
        for history, ids in record.history.items():
            query = history.objects.filter(pk__in=ids)
            query._raw_delete(query.db)
        reference = f"RD-{secrets.token_hex(4).upper()}"
        deleted = Deleted(reference, record.row_count(), record.history_count(), len(names))
        AccessEvent.objects.create(
            user=by,
            roles=roles_in_words(by, due.school)[:500],
            trust_id=due.school.trust_id,
            school=due.school,
            what=TOMBSTONE,
            path=(
                f"{reference}: {deleted.rows} rows, {deleted.history_rows} history rows and "
                f"{deleted.files} files deleted, past the retention period"
            ),
        )
        transaction.on_commit(lambda: _delete_files(names))
    return deleted


def _delete_files(names: list[str]) -> None:
    storage = EvidenceFile._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
