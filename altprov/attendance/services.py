"""Saving attendance marks and what follows from them (R-10.6, R-12.6).

Every write here runs in one transaction and a fixed number of queries, whatever the number of
marks: the week's grid and an import of a whole term save through `marks_save`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from altprov.core.locking import lock

from . import summary
from .codes import is_unauthorised
from .models import (
    AbsenceNotification,
    AttendanceMark,
    FollowUp,
    Intervention,
    ParentContact,
    WeeklyUpdate,
)


@dataclass(frozen=True)
class MarkEntry:
    placement_id: int
    date: dt.date
    session: str  # "AM" or "PM"
    code: str  # a checked code of the 2024 set


@dataclass(frozen=True)
class SaveResult:
    added: int
    corrected: int
    unchanged: int
    follow_ups: int

    def __str__(self) -> str:
        parts = [
            f"{self.added} mark{'s' if self.added != 1 else ''} added",
            f"{self.corrected} corrected",
            f"{self.unchanged} unchanged",
        ]
        text = ", ".join(parts)
        if self.follow_ups:
            text += (
                f"; {self.follow_ups} unauthorised absence{'s' if self.follow_ups != 1 else ''} "
                "to follow up"
            )
        return text


def marks_save(entries: list[MarkEntry], *, by) -> SaveResult:
    """Adds new marks and corrects changed ones (the earlier mark stays in the history); a mark
    entered again with the same code changes nothing, not even its history. An unauthorised
    mark opens a follow-up for the day unless one is there already. The daily summary of the
    schools' days is counted again in the same transaction (`summary.refresh`). The entries must
    already be checked (codes, school days, placements in scope)."""
    if not entries:
        return SaveResult(0, 0, 0, 0)
    placement_ids = {e.placement_id for e in entries}
    first, last = min(e.date for e in entries), max(e.date for e in entries)
    with transaction.atomic():
        school_ids = summary.schools_of(placement_ids)
        summary.lock_schools(school_ids)
        existing = {
            (m.placement_id, m.date, m.session): m
            for m in AttendanceMark.objects.select_for_update().filter(
                placement_id__in=placement_ids, date__range=(first, last)
            )
        }
        new, changed, unchanged = [], [], 0
        for entry in entries:
            mark = existing.get((entry.placement_id, entry.date, entry.session))
            if mark is None:
                new.append(
                    AttendanceMark(
                        placement_id=entry.placement_id,
                        date=entry.date,
                        session=entry.session,
                        code=entry.code,
                        entered_by=by,
                    )
                )
            elif mark.code != entry.code:
                mark.code, mark.entered_by = entry.code, by
                changed.append(mark)
            else:
                unchanged += 1
        if new:
            bulk_create_with_history(new, AttendanceMark, default_user=by)
        if changed:
            for mark in changed:
                mark.entered_at = _now()
            bulk_update_with_history(
                changed, AttendanceMark, ["code", "entered_by", "entered_at"], default_user=by
            )
        absent_days = {
            (m.placement_id, m.date) for m in [*new, *changed] if is_unauthorised(m.code)
        }
        opened = _follow_ups_open(absent_days, "Unauthorised absence marked", by)
        if new or changed:
            summary.refresh(school_ids, first, last)
    return SaveResult(len(new), len(changed), unchanged, opened)


def _now():
    return timezone.now()


def _follow_ups_open(days: set[tuple[int, dt.date]], reason: str, by) -> int:
    """A follow-up for each (placement, day) that has none yet: two queries and a bulk insert."""
    if not days:
        return 0
    placement_ids = {p for p, _ in days}
    dates = {d for _, d in days}
    known = set(
        FollowUp.objects.filter(placement_id__in=placement_ids, absence_date__in=dates).values_list(
            "placement_id", "absence_date"
        )
    )
    fresh = [
        FollowUp(placement_id=p, absence_date=d, reason=reason)
        for p, d in sorted(days)
        if (p, d) not in known
    ]
    if fresh:
        bulk_create_with_history(fresh, FollowUp, default_user=by)
    return len(fresh)


def notification_record(
    *, placement, date, sessions, reason, reason_accepted, notified_by, notified_at, by
) -> AbsenceNotification:
    """R-10.6: the provider's notification of an absence. Without a reason the school accepts,
    the absence is unauthorised and gets a follow-up."""
    with transaction.atomic():
        notification = AbsenceNotification(
            placement=placement,
            date=date,
            sessions=sessions,
            reason=reason.strip(),
            reason_accepted=reason_accepted,
            notified_by=notified_by.strip(),
            notified_at=notified_at,
            recorded_by=by,
        )
        notification._history_user = by
        notification.full_clean()
        notification.save()
        if not reason_accepted:
            _follow_ups_open(
                {(placement.pk, date)}, "Absence notified without a reason accepted", by
            )
    return notification


def follow_up_record(*, follow_up, method, done_on, outcome, by) -> FollowUp:
    """R-10.6: the follow-up is done; recorded once (a second, simultaneous request is refused)."""
    with transaction.atomic():
        lock(follow_up)
        if follow_up.done_on is not None:
            raise ValidationError("This follow-up has already been recorded")
        follow_up.method, follow_up.done_on = method, done_on
        follow_up.outcome, follow_up.recorded_by = outcome.strip(), by
        follow_up._history_user = by
        follow_up.full_clean()
        follow_up.save()
    return follow_up


def parent_contact_record(*, placement, done_on, method, notes, by) -> ParentContact:
    """R-12.6: a contact with the parents or carers about absence."""
    contact = ParentContact(
        placement=placement, done_on=done_on, method=method, notes=notes.strip(), recorded_by=by
    )
    contact._history_user = by
    contact.full_clean()
    contact.save()
    return contact


def intervention_record(*, placement, done_on, attendance, action, by):
    intervention = Intervention(
        placement=placement,
        done_on=done_on,
        attendance=attendance,
        action=action.strip(),
        recorded_by=by,
    )
    intervention._history_user = by
    intervention.full_clean()
    intervention.save()
    return intervention


def weekly_update_done(*, school, week: dt.date, by) -> WeeklyUpdate:
    """R-10.6: the week's update to the school's records and the AP Lead is done, once."""
    with transaction.atomic():
        update, created = WeeklyUpdate.objects.get_or_create(
            school=school, week=week, defaults={"done_by": by}
        )
        if not created:
            raise ValidationError(
                f"The update for the week beginning {week:%-d %B %Y} was already marked done"
            )
    return update
