"""Making a placement from an approved, agreed referral (R-5.7, R-5.8, R-5.9, R-7.6)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.chronology.services import entry_add
from altprov.core.locking import lock
from altprov.core.versions import check_version

from .models import Placement, PlacementSession
from .rules import hours_cap_problem
from .start_gate import notice_problems, preconditions, records_of


def session_hours(sessions) -> Decimal:
    """The (day, start, end) sessions' hours a week: their time summed, then made hours, as
    `Placement.hours_per_week`."""
    seconds = 0
    for _day, starts, ends in sessions:
        start = dt.datetime.combine(dt.date.min, starts)
        end = dt.datetime.combine(dt.date.min, ends)
        seconds += (end - start).seconds
    return Decimal(seconds) / Decimal(3600)


def check_placement(
    *,
    referral,
    provider,
    site,
    start_date,
    planned_end_date,
    sessions,
    exceptional_reasons,
    professionals_consulted,
):
    """Every rule a placement must meet before it is saved, as {field: message}."""
    errors: dict[str, str] = {}
    agreement = getattr(referral, "agreement", None)
    if not referral.is_approved or agreement is None or agreement.response != "agreed":
        errors["__all__"] = (
            "A placement follows an approved referral that the parents or carers agreed to"
        )
    if provider.trust_id != referral.school.trust_id:
        errors["provider"] = "Choose a provider on your trust's register"
    if site is not None and site.provider_id != provider.pk:
        errors["site"] = "Choose one of the provider's sites"
    if start_date and planned_end_date:
        if planned_end_date <= start_date:
            errors["planned_end_date"] = "The planned end date must be after the start date"
        elif (
            agreement is not None
            and (planned_end_date - start_date).days > agreement.maximum_weeks * 7
        ):
            errors["planned_end_date"] = (
                f"The placement is longer than the maximum period agreed with the parents "
                f"({agreement.maximum_weeks} weeks)"
            )
    if not sessions:
        errors["sessions"] = "Enter at least one day of the weekly pattern"
    else:
        problem = hours_cap_problem(provider, session_hours(sessions))
        if problem:
            errors["sessions"] = problem
    if provider.is_unregistered:
        if not exceptional_reasons.strip():
            errors["exceptional_reasons"] = (
                "Say why no registered provision can meet the pupil's needs (R-5.7)"
            )
        if not professionals_consulted.strip():
            errors["professionals_consulted"] = (
                "Say which wider professionals were consulted (R-5.7)"
            )
    return errors


@transaction.atomic
def placement_create(*, referral, provider, site, sessions, by, **fields) -> Placement:
    errors = check_placement(
        referral=referral,
        provider=provider,
        site=site,
        start_date=fields.get("start_date"),
        planned_end_date=fields.get("planned_end_date"),
        sessions=sessions,
        exceptional_reasons=fields.get("exceptional_reasons", ""),
        professionals_consulted=fields.get("professionals_consulted", ""),
    )
    if fields.get("dual_registered") and provider.is_unregistered:
        errors["dual_registered"] = (
            "A pupil can be dual registered only at a provider that is a registered school"
        )
    if errors:
        raise ValidationError(errors)
    placement = Placement(referral=referral, provider=provider, site=site, created_by=by, **fields)
    if provider.urn or provider.ukprn:
        placement.census_setting_type = ""
    placement._history_user = by
    placement.save()
    PlacementSession.objects.bulk_create(
        PlacementSession(placement=placement, day=day, starts_at=starts, ends_at=ends)
        for day, starts, ends in sessions
    )
    return placement


@transaction.atomic
def sit_agree(*, placement: Placement, by) -> Placement:
    """R-5.7: the School Improvement Team agrees to a placement with an unregistered provider."""
    if not has_permission(
        by, Permission.AGREE_UNREGISTERED_PLACEMENTS, school=placement.referral.school
    ):
        raise PermissionDenied
    if not placement.provider.is_unregistered:
        raise ValidationError("Only a placement with an unregistered provider needs this agreement")
    lock(placement)
    if placement.sit_agreed_at is not None:
        raise ValidationError("The School Improvement Team has already agreed to this placement")
    placement.sit_agreed_by = by
    placement.sit_agreed_at = timezone.now()
    placement._history_user = by
    placement.save(update_fields=["sit_agreed_by", "sit_agreed_at"])
    return placement


def records_locked(placement: Placement):
    """The placement's records, read afresh with the placement's row locked: every write to them
    goes through here, so two at once neither create two sets nor overwrite each other's check."""

    lock(placement)
    return records_of(placement)


def _records_save(records, by):
    records._history_user = by
    records.save()
    return records


@transaction.atomic
def records_update(*, placement: Placement, values: dict, by, based_on: int | None = None):
    """Saves fields of the placement's records (the personalised plan); refused
    (`StaleVersion`) when the records have moved on since version `based_on` (X-5)."""
    records = check_version(records_locked(placement), based_on, locked=True)
    for name, value in values.items():
        setattr(records, name, value)
    return _records_save(records, by)


@transaction.atomic
def pastoral_assign(
    *, placement: Placement, contact, protocol: str, by, based_on: int | None = None
):
    """R-10.4: the AP Lead assigns a pastoral contact (a member of the school's staff); refused
    (`StaleVersion`) when the records have moved on since version `based_on` (X-5)."""
    if not contact.role_assignments.filter(school=placement.referral.school).exists():
        raise ValidationError({"contact": "Choose a member of the school's staff"})
    records = check_version(records_locked(placement), based_on, locked=True)
    records.pastoral_contact = contact
    records.contact_protocol = protocol
    return _records_save(records, by)


@transaction.atomic
def trust_approve(*, placement: Placement, by):
    """R-7.1: a trust role approves the placement, once."""
    if not has_permission(by, Permission.APPROVE_PLACEMENTS, school=placement.referral.school):
        raise PermissionDenied
    records = records_locked(placement)
    if records.trust_approved_at is not None:
        raise ValidationError("The placement has already been approved for the trust")
    records.trust_approved_by = by
    records.trust_approved_at = timezone.now()
    return _records_save(records, by)


@transaction.atomic
def la_caseworker_informed(*, placement: Placement, on, by):
    """R-10.8: the SENDCo records telling the LA caseworker of an EHCP pupil's placement."""
    records = records_locked(placement)
    records.la_caseworker_informed_on = on
    records.la_caseworker_informed_by = by
    return _records_save(records, by)


@transaction.atomic
def notice_issue(*, placement: Placement, on, method: str, by):
    """R-9.1: refused while a fact is missing or after the notice deadline, and once issued."""
    records = records_locked(placement)
    if records.notice_issued_on is not None:
        raise ValidationError("The written notice has already been issued")
    problems = notice_problems(placement, records, on)
    if problems:
        raise ValidationError(problems)
    records.notice_issued_on = on
    records.notice_method = method
    records.notice_issued_by = by
    return _records_save(records, by)


@transaction.atomic
def placement_start(*, placement: Placement, by, on=None) -> Placement:
    """R-7.4 and R-7.5: refused until every precondition is met; then the pupil is recorded as
    attending off-site provision from the start date (B at the home school, or D where the
    provider is itself a registered school and the pupil is dual registered)."""
    if not has_permission(by, Permission.MAKE_REFERRALS, school=placement.referral.school):
        raise PermissionDenied
    on = on or timezone.localdate()
    lock(placement)
    if placement.status != Placement.Status.PLANNED:
        raise ValidationError("The placement has already started")
    unmet = [c.text for c in preconditions(placement, on) if not c.met]
    if unmet:
        raise ValidationError(unmet)
    placement.status = Placement.Status.ACTIVE
    placement.started_on = max(on, placement.start_date)
    placement.attendance_recording = (
        Placement.AttendanceRecording.D
        if placement.dual_registered and not placement.provider.is_unregistered
        else Placement.AttendanceRecording.B
    )
    placement._history_user = by
    placement.save(update_fields=["status", "started_on", "attendance_recording"])
    entry_add(
        pupil=placement.pupil,
        kind="decision",
        occurred_on=on,
        summary=f"Placement at {placement.provider} confirmed to start on {placement.started_on:%-d %B %Y}",
        detail=f"Attendance recorded as {placement.get_attendance_recording_display()}",
        automatic=True,
        by=by,
    )
    return placement


def placement_end(*, placement: Placement, by, on: dt.date, reason: str) -> Placement:
    """Ends an attending placement on a date, with its reason (R-12.4, R-12.5, R-13.3). The
    caller holds the transaction and has locked the placement (`altprov.core.locking.lock`)."""
    if placement.status != Placement.Status.ACTIVE:
        raise ValidationError(
            "The placement has already ended"
            if placement.status == Placement.Status.ENDED
            else "The placement has not started"
        )
    if reason not in Placement.EndReason.values:
        raise ValidationError({"end_reason": "Select why the placement ended"})
    started = placement.started_on or placement.start_date
    if on < started:
        raise ValidationError(
            {"ended_on": f"The date the placement ended must be on or after {started:%-d %B %Y}"}
        )
    placement.status = Placement.Status.ENDED
    placement.ended_on = on
    placement.end_reason = reason
    placement._history_user = by
    placement.save(update_fields=["status", "ended_on", "end_reason"])
    return placement
