"""Writes of the records kept on a placement: each takes the acting user and keeps history."""

from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.core.locking import lock
from altprov.placements.models import Placement

from .models import (
    EhcpAnnualReview,
    EhcpDate,
    ExamArrangement,
    ObjectiveProgress,
    PastoralContact,
    ProviderRecommendation,
    SendDocumentShare,
)


def _attending(placement: Placement) -> None:
    lock(placement)
    if placement.status != Placement.Status.ACTIVE:
        raise ValidationError("These records are kept only while the pupil attends the placement.")


def _save(record, by):
    record._history_user = by
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def progress_record(*, objective, checked_on, status, evidence, next_step, by) -> ObjectiveProgress:
    """R-11.1: the AP Lead records progress against one objective of an attending placement."""
    _attending(objective.placement)
    return _save(
        ObjectiveProgress(
            objective=objective,
            checked_on=checked_on,
            status=status,
            evidence=evidence.strip(),
            next_step=next_step.strip(),
            recorded_by=by,
        ),
        by,
    )


@transaction.atomic
def contact_record(*, placement, contacted_on, method, place, notes, by) -> PastoralContact:
    """R-10.4: a contact with the pupil, logged by the AP Lead or the placement's pastoral
    contact (the view decides who may; the service keeps it to attending placements)."""
    _attending(placement)
    return _save(
        PastoralContact(
            placement=placement,
            contacted_on=contacted_on,
            method=method,
            place=place,
            notes=notes.strip(),
            recorded_by=by,
        ),
        by,
    )


# The SENDCo's records (R-10.8) ------------------------------------------------------------------


def _not_ended(placement: Placement) -> None:
    lock(placement)
    if placement.status == Placement.Status.ENDED:
        raise ValidationError("The placement has ended: its records can no longer be added to.")


def _has_ehcp(placement: Placement) -> None:
    if placement.pupil.send_status != "ehcp":
        raise ValidationError("The pupil's record shows no EHCP.")


@transaction.atomic
def send_document_record(*, placement, document, shared_on, method, by) -> SendDocumentShare:
    _not_ended(placement)
    if document == SendDocumentShare.Document.EHCP:
        _has_ehcp(placement)
    return _save(
        SendDocumentShare(
            placement=placement,
            document=document,
            shared_on=shared_on,
            method=method,
            recorded_by=by,
        ),
        by,
    )


@transaction.atomic
def recommendation_record(*, placement, what, recommended_on, action, by) -> ProviderRecommendation:
    _not_ended(placement)
    return _save(
        ProviderRecommendation(
            placement=placement,
            what=what.strip(),
            recommended_on=recommended_on,
            action=action.strip(),
            recorded_by=by,
        ),
        by,
    )


@transaction.atomic
def ehcp_date_record(*, placement, dated, by) -> EhcpDate:
    """The EHCP's date, one per placement: saving again corrects it (history keeps the old)."""
    _not_ended(placement)
    _has_ehcp(placement)
    record = EhcpDate.objects.filter(placement=placement).first() or EhcpDate(
        placement=placement, recorded_by=by
    )
    record.dated = dated
    return _save(record, by)


@transaction.atomic
def ehcp_review_record(*, placement, held_on, outcome, notes, by) -> EhcpAnnualReview:
    """R-10.8: an annual review of the EHCP during an attending placement."""
    _attending(placement)
    _has_ehcp(placement)
    return _save(
        EhcpAnnualReview(
            placement=placement,
            held_on=held_on,
            outcome=outcome,
            notes=notes.strip(),
            recorded_by=by,
        ),
        by,
    )


# The Assessment Lead's records (R-10.7) ---------------------------------------------------------

_EXAM_FIELDS = (
    "series",
    "entries",
    "access_arrangements",
    "where",
    "centre",
    "centre_confirmed_on",
)


@transaction.atomic
def exam_arrangement_save(*, placement, by, arrangement=None, **values) -> ExamArrangement:
    """R-10.7: records (or, given `arrangement`, corrects) the pupil's exam arrangements for a
    series; history keeps what it said before."""
    _not_ended(placement)
    if arrangement is None:
        arrangement = ExamArrangement(placement=placement, recorded_by=by)
    elif arrangement.placement_id != placement.pk:
        raise ValidationError("These arrangements belong to another placement.")
    for name in _EXAM_FIELDS:
        value = values[name]
        setattr(arrangement, name, value.strip() if isinstance(value, str) else value)
    return _save(arrangement, by)
