"""Recording reintegration, endings and outcomes (R-13.1 to R-13.3, R-6.5). Every write takes the
acting user and keeps history; writes on a placement's records lock the placement first, so two
at once neither make two records nor end the placement twice."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from altprov.chronology.services import entry_add
from altprov.core.locking import lock
from altprov.evidence.services import evidence_store
from altprov.placements.models import Placement
from altprov.placements.services import placement_end
from altprov.placements.status import placement_status

from .gate import BEFORE_RETURN, missing
from .models import (
    ContinuedSupport,
    Ending,
    Outcome,
    ReturnFollowUp,
    ViewQuestion,
    ViewsAnswer,
    ViewsResponse,
)
from .rules import OTHER_ENDINGS, SCALE, ending_problems

BEFORE_RETURN_BY_KEY = {b.key: b for b in BEFORE_RETURN}


def _stripped(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _save(record, by):
    record._history_user = by
    record.full_clean()
    record.save()
    return record


def _attending(placement) -> None:
    if placement_status(placement, timezone.localdate()).key != "attending":
        raise ValidationError("Only a placement the pupil is attending can be prepared for return")


def _ended(placement) -> None:
    if placement.status != Placement.Status.ENDED:
        raise ValidationError("The placement has not ended")


def _not_before_start(placement, day: dt.date | None, field: str, name: str) -> None:
    started = placement.started_on or placement.start_date
    if day is not None and day < started:
        raise ValidationError(
            {
                field: f"The {name} must be on or after the start of the placement, "
                f"{started:%-d %B %Y}"
            }
        )


def _not_before_end(placement, day: dt.date | None, field: str, name: str) -> None:
    if day is not None and placement.ended_on and day < placement.ended_on:
        raise ValidationError(
            {
                field: f"The {name} must be on or after the day the placement ended, "
                f"{placement.ended_on:%-d %B %Y}"
            }
        )


# Before the return (R-13.1, R-13.2) ------------------------------------------------------------


@transaction.atomic
def before_return_save(*, placement, key: str, by, **fields):
    """R-13.1, R-13.2: records or changes one of the records made before the return (the
    meeting, the plan, the final report, the pupil's views), while the pupil attends. A change is
    kept in the record's history."""
    before = BEFORE_RETURN_BY_KEY[key]
    lock(placement)
    _attending(placement)
    if before.done_field:
        _not_before_start(placement, fields.get(before.done_field), before.done_field, "date")
    model = Placement._meta.get_field(key).related_model
    record = model.objects.filter(placement=placement).first() or model(
        placement=placement, recorded_by=by
    )
    upload = fields.pop("document", None)
    for name, value in _stripped(fields).items():
        setattr(record, name, value)
    record.full_clean(exclude=["document"])  # nothing is stored for a record that is refused
    if upload:  # the report itself, as evidence (an earlier upload stays a version)
        school = placement.referral.school
        record.document = evidence_store(
            upload=upload,
            trust=school.trust,
            school=school,
            by=by,
            replaces=record.document,
        )
    return _save(record, by)


# Endings (R-13.3) ------------------------------------------------------------------------------


@transaction.atomic
def reintegrate(*, placement, on: dt.date, by) -> Ending:
    """R-13.1 to R-13.3: the placement ends by the pupil's return to school, only when everything
    before the return is recorded; once (the placement is locked, a second ending refused)."""
    lock(placement)
    if placement.status == Placement.Status.ENDED:
        raise ValidationError("The placement has already ended")
    gaps = missing(placement, timezone.localdate())
    if gaps:
        raise ValidationError(
            "Still needed before the pupil returns: " + "; ".join(b.text for b in gaps),
            code="still_needed",
            params={"missing": [b.key for b in gaps]},
        )
    placement_end(placement=placement, by=by, on=on, reason=Placement.EndReason.REINTEGRATED)
    ending = _save(
        Ending(
            placement=placement,
            ended_on=on,
            reason=Placement.EndReason.REINTEGRATED,
            recorded_by=by,
        ),
        by,
    )
    entry_add(
        pupil=placement.pupil,
        kind="decision",
        occurred_on=on,
        summary=f"Returned to school from {placement.provider} (reintegration)",
        detail=placement.reintegration_plan.school_support,
        automatic=True,
        by=by,
    )
    return ending


@transaction.atomic
def end_placement(
    *, placement, reason: str, on: dt.date, by, detail: str = "", decided_on: dt.date | None = None
) -> Ending:
    """R-13.3: the placement ends for another reason (moved, permanently excluded, left the
    school, completed, other), with the detail each needs; once."""
    lock(placement)
    if placement.status == Placement.Status.ENDED:
        raise ValidationError("The placement has already ended")
    if reason not in OTHER_ENDINGS:
        raise ValidationError({"reason": "Select why the placement ended"})
    problems = ending_problems(reason, detail, decided_on, on)
    if problems:
        raise ValidationError(problems)
    placement_end(placement=placement, by=by, on=on, reason=reason)
    ending = _save(
        Ending(
            placement=placement,
            ended_on=on,
            reason=reason,
            detail=detail.strip(),
            decided_on=decided_on,
            recorded_by=by,
        ),
        by,
    )
    entry_add(
        pupil=placement.pupil,
        kind="decision",
        occurred_on=on,
        summary=f"Placement at {placement.provider} ended: "
        f"{Placement.EndReason(reason).label.lower()}",
        detail=ending.detail,
        automatic=True,
        by=by,
    )
    return ending


# After the placement (R-13.3, R-6.5) ----------------------------------------------------------


def support_add(*, placement, by, **fields) -> ContinuedSupport:
    """R-13.3: support given after the placement ended, dated, with who gave it."""
    _ended(placement)
    _not_before_end(placement, fields.get("given_on"), "given_on", "date of the support")
    return _save(ContinuedSupport(placement=placement, recorded_by=by, **_stripped(fields)), by)


@transaction.atomic
def follow_up_record(*, placement, by, **fields) -> ReturnFollowUp:
    """R-13.3: the follow-up after the first half term back, with the attendance since; once."""
    lock(placement)
    if placement.end_reason != Placement.EndReason.REINTEGRATED:
        raise ValidationError("Only a pupil who returned to school is followed up")
    if ReturnFollowUp.objects.filter(placement=placement).exists():
        raise ValidationError("The follow-up is already recorded")
    _not_before_end(placement, fields.get("held_on"), "held_on", "date of the follow-up")
    return _save(ReturnFollowUp(placement=placement, recorded_by=by, **_stripped(fields)), by)


@transaction.atomic
def outcome_record(*, placement, by, **fields) -> Outcome:
    """R-13.3, R-6.5: the outcome of an ended placement, recorded once."""
    lock(placement)
    _ended(placement)
    if Outcome.objects.filter(placement=placement).exists():
        raise ValidationError("The outcome is already recorded")
    return _save(Outcome(placement=placement, recorded_by=by, **_stripped(fields)), by)


# The pupil's view over time (R-6.5) -----------------------------------------------------------


def questions_for(trust) -> list[ViewQuestion]:
    """The questions the trust asks now, in their order."""
    return list(ViewQuestion.objects.filter(trust=trust, active=True).order_by("position", "pk"))


@transaction.atomic
def views_record(
    *,
    placement,
    by,
    moment: str,
    answered_on: dt.date,
    scores: dict[int, int],
    agreement_review=None,
    formal_review=None,
) -> ViewsResponse:
    """R-6.5: the pupil's answers at the start, at a review or at the end. Each answer keeps the
    wording asked, so changing the questions later never changes it. At the start and at a review
    the pupil is attending; at the end the placement may have ended."""
    lock(placement)
    status = placement_status(placement, timezone.localdate()).key
    if moment not in ViewsResponse.Moment.values:
        raise ValidationError({"moment": "Select when the pupil answered"})
    if status != "attending" and not (moment == "end" and status == "ended"):
        raise ValidationError("The pupil answers while attending, or at the end of the placement")
    _not_before_start(placement, answered_on, "answered_on", "date the pupil answered")
    if moment != "review" and (agreement_review or formal_review):
        raise ValidationError({"review": "Only an answer at a review names the review"})
    for review in (agreement_review, formal_review):
        if review is not None and review.placement_id != placement.pk:
            raise ValidationError({"review": "Select a review of this placement"})
    questions = questions_for(placement.referral.school.trust)
    if not questions:
        raise ValidationError("The trust has no questions to ask")
    allowed = {value for value, _ in SCALE}
    for question in questions:
        if scores.get(question.pk) not in allowed:
            raise ValidationError({f"q{question.pk}": f"Select an answer to “{question.wording}”"})
    response = _save(
        ViewsResponse(
            placement=placement,
            moment=moment,
            answered_on=answered_on,
            agreement_review=agreement_review,
            formal_review=formal_review,
            recorded_by=by,
        ),
        by,
    )
    for question in questions:
        _save(
            ViewsAnswer(
                response=response,
                question=question,
                wording=question.wording,
                position=question.position,
                score=scores[question.pk],
            ),
            by,
        )
    return response


def question_save(*, trust, by, question: ViewQuestion | None = None, **fields) -> ViewQuestion:
    """R-6.5: adds a question to the trust's list or changes one (wording, order, asked or not).
    Past answers keep the wording they answered."""
    if question is None:
        question = ViewQuestion(trust=trust)
    elif question.trust_id != trust.pk:
        raise ValidationError("The question belongs to another trust")
    for name, value in _stripped(fields).items():
        setattr(question, name, value)
    return _save(question, by)
