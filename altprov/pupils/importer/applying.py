"""Applying a pupil CSV file (R-6.1, X-3): `pupils_import` applies a file with no refused rows in
one transaction. New UPNs become new pupils, known UPNs (in the school) are updated, and a pupil
whose details are the same is left alone, so importing the same file again writes nothing. A
file with any refused row saves nothing at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.validation import tidy

from .parsing import ContactRow, ParsedFile, parse_pupil_csv


class ImportConflict(Exception):
    """Someone changed the school's pupils while the file was being imported."""


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


PUPIL_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "year_group",
    "send_status",
    "looked_after",
]
CARER_FIELDS = ["relationship", "phone", "email", "parental_responsibility"]


def pupils_import(*, school, data: bytes, by, today: dt.date | None = None):
    """Parses the file and, when every row is accepted, applies it. Returns (parsed, result):
    result is None when the file or any row was refused, and then nothing has been saved."""
    parsed = parse_pupil_csv(data, today=today or dt.date.today())
    if not parsed.ok:
        return parsed, None
    return parsed, import_apply(school=school, parsed=parsed, by=by)


def import_apply(*, school, parsed: ParsedFile, by) -> ImportResult:
    """Applies the accepted rows of a file with no refused rows, all or nothing. SEN status is
    applied only for a user who sees SEND detail, and Looked after only for one who sees
    safeguarding detail (R-10.2): those who may not see a field may not change it."""
    if not parsed.ok:
        raise ValueError("A file with refused rows is never applied")
    result = ImportResult()
    use_send = has_permission(by, Permission.VIEW_SEND_DETAIL, school=school)
    use_looked_after = has_permission(by, Permission.VIEW_SAFEGUARDING_DETAIL, school=school)
    if "SEN status" in parsed.columns and not use_send:
        result.ignored_columns.append("SEN status")
    if "Looked after" in parsed.columns and not use_looked_after:
        result.ignored_columns.append("Looked after")
    try:
        with transaction.atomic():
            existing = {
                p.upn: p
                for p in Pupil.objects.select_for_update()
                .filter(school=school)
                .prefetch_related("carers")
            }
            new_pupils, changed_pupils = [], []
            new_carers, changed_carers = [], []  # (upn, carer) and carers
            for row in parsed.rows:
                pupil = existing.get(row.upn)
                is_new = pupil is None
                if is_new:
                    pupil = Pupil(school=school, upn=row.upn)
                values = {
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "date_of_birth": row.date_of_birth,
                    "year_group": row.year_group,
                }
                if row.send_status is not None and use_send:
                    values["send_status"] = row.send_status
                if row.looked_after is not None and use_looked_after:
                    values["looked_after"] = row.looked_after
                pupil_changed = _assign(pupil, values)
                carer_changed = False
                if row.contact is not None:
                    carers = [] if is_new else list(pupil.carers.all())
                    carer, carer_is_new, carer_changed = _carer_for(carers, row.contact)
                    if carer_is_new:
                        new_carers.append((row.upn, carer))
                    elif carer_changed:
                        changed_carers.append(carer)
                if is_new:
                    new_pupils.append(pupil)
                    result.added += 1
                elif pupil_changed or carer_changed:
                    if pupil_changed:
                        changed_pupils.append(pupil)
                    result.updated += 1
                else:
                    result.unchanged += 1
            created = bulk_create_with_history(new_pupils, Pupil, default_user=by)
            pupil_ids = {p.upn: p.pk for p in created}
            pupil_ids.update({p.upn: p.pk for p in existing.values()})
            if changed_pupils:
                for pupil in changed_pupils:
                    pupil.edit_version += 1  # a form open on the record is refused
                bulk_update_with_history(
                    changed_pupils, Pupil, [*PUPIL_FIELDS, "edit_version"], default_user=by
                )
            for upn, carer in new_carers:
                carer.pupil_id = pupil_ids[upn]
            if new_carers:
                bulk_create_with_history([c for _, c in new_carers], Carer, default_user=by)
            if changed_carers:
                bulk_update_with_history(changed_carers, Carer, CARER_FIELDS, default_user=by)
    except IntegrityError:
        raise ImportConflict from None
    return result


def _assign(instance, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _carer_for(carers: list[Carer], contact: ContactRow) -> tuple[Carer, bool, bool]:
    """The pupil's carer with the contact's name (or a new one), updated from the file: blank
    cells never clear what is recorded. Returns (carer, is new, changed)."""
    wanted = contact.name.casefold()
    carer = next((c for c in carers if tidy(c.name).casefold() == wanted), None)
    is_new = carer is None
    if is_new:
        highest = max((c.priority for c in carers), default=0)
        carer = Carer(name=contact.name, priority=min(highest + 1, 9))
    values = {"relationship": contact.relationship}
    if contact.phone:
        values["phone"] = contact.phone
    if contact.email:
        values["email"] = contact.email
    if contact.parental_responsibility is not None:
        values["parental_responsibility"] = contact.parental_responsibility
    changed = _assign(carer, values)
    return carer, is_new, changed
