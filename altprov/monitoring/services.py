"""Recording the monitoring of an attending placement (R-12.1 to R-12.5)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from altprov.chronology.services import entry_add
from altprov.core.locking import lock
from altprov.placements.models import Placement
from altprov.placements.services import placement_end
from altprov.placements.status import placement_status

from .models import (
    ContinuationDecision,
    EarlyEnding,
    FormalReview,
    Incident,
    TermlyReport,
    Visit,
)
from .rules import decision_pending
from .selectors import report_window


def _attending(placement) -> None:
    if placement_status(placement, timezone.localdate()).key != "attending":
        raise ValidationError("Only a placement the pupil is attending is monitored.")


def _save(record, by):
    record._history_user = by
    record.full_clean()
    record.save()
    return record


def _stripped(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def report_record(*, placement, by, **fields) -> TermlyReport:
    """R-12.1: the provider's termly report, received."""
    _attending(placement)
    return _save(TermlyReport(placement=placement, recorded_by=by, **_stripped(fields)), by)


def _provider_user(placement, by) -> None:
    """Issue 9: only a provider user of the placement's provider submits through the portal."""
    if not by.is_active or by.provider_id is None or by.provider_id != placement.provider_id:
        raise PermissionDenied


@transaction.atomic
def report_submit(*, placement, by, academic_progress: str, behaviour: str, welfare: str):
    """R-12.1: the provider's termly report, submitted through the portal and received by the
    school at once (received today, from the provider user). It answers the due date the duty
    engine gives; one report per due date: a second, or one sent before the term it reports on
    has begun, is refused (the due date moves on once a report is in, so the constraint on
    `due_on` holds as well). The placement's row is locked so two submissions at once make one."""
    _provider_user(placement, by)
    lock(placement)
    _attending(placement)
    window = report_window(placement)
    if window["due"] is None:
        raise ValidationError(
            window["problem"] or "No termly report is due before the planned end of the placement."
        )
    if not window["open"]:
        # Once a term's report is received the due date moves on to the next term's, which
        # opens when that term begins: a second report for the same term is refused.
        last = placement.termly_reports.order_by("-received_on", "-pk").first()
        raise ValidationError(
            f"The termly report for this term was received on {last.received_on:%-d %B %Y} "
            f"from {last.received_from}. The next one is due by {window['due']:%-d %B %Y} and "
            f"can be sent from {window['opens_on']:%-d %B %Y}."
        )
    return _save(
        TermlyReport(
            placement=placement,
            received_on=timezone.localdate(),
            received_from=f"{by.full_name} ({placement.provider.name})",
            recorded_by=by,
            submitted_by=by,
            due_on=window["due"],
            **_stripped(
                {"academic_progress": academic_progress, "behaviour": behaviour, "welfare": welfare}
            ),
        ),
        by,
    )


def visit_record(*, placement, by, **fields) -> Visit:
    """R-12.2: a visit to the pupil at the provider."""
    _attending(placement)
    return _save(Visit(placement=placement, recorded_by=by, **_stripped(fields)), by)


def incident_record(*, placement, by, **fields) -> Incident:
    """R-12.3: a serious incident the provider reported (recorded by staff for now)."""
    _attending(placement)
    incident = _save(Incident(placement=placement, recorded_by=by, **_stripped(fields)), by)
    entry_add(
        pupil=placement.pupil,
        kind="note",
        occurred_on=incident.occurred_on,
        summary=f"Serious incident reported by {placement.provider}",
        detail=incident.what_happened,
        automatic=True,
        by=by,
    )
    return incident


def incident_submit(*, placement, by, occurred_on, what_happened: str, provider_action: str):
    """R-12.3: a serious incident recorded by the provider itself through the portal: the
    reporter is the provider user, and it reaches the AP Lead and the Headteacher as decisions
    due (the duty engine's incident_decision_ap_lead and incident_decision_headteacher)."""
    _provider_user(placement, by)
    return incident_record(
        placement=placement,
        by=by,
        occurred_on=occurred_on,
        reported_by=f"{by.full_name} ({placement.provider.name})",
        what_happened=what_happened,
        provider_action=provider_action,
    )


# which decision each role records, by the fields it fills.
DECIDERS = {
    "ap_lead": ("ap_lead_decision", "ap_lead_decided_by", "ap_lead_decided_at", "the AP Lead"),
    "headteacher": ("head_decision", "head_decided_by", "head_decided_at", "the Headteacher"),
}


@transaction.atomic
def incident_decide(*, incident: Incident, who: str, decision: str, by) -> Incident:
    """R-12.3: the AP Lead's or the Headteacher's decision on the incident, each recorded once
    (the incident's row is locked, so two people pressing at once cannot both record it)."""
    text_field, by_field, at_field, title = DECIDERS[who]
    lock(incident)
    if getattr(incident, at_field) is not None:
        raise ValidationError(f"The decision of {title} on this incident is already recorded")
    if not decision.strip():
        raise ValidationError({text_field: f"Enter the decision of {title}"})
    setattr(incident, text_field, decision.strip())
    setattr(incident, by_field, by)
    setattr(incident, at_field, timezone.now())
    incident._history_user = by
    incident.save(update_fields=[text_field, by_field, at_field])
    return incident


def formal_review_record(*, placement, by, **fields) -> FormalReview:
    """R-12.4: a formal review meeting about the pupil's progress."""
    _attending(placement)
    return _save(FormalReview(placement=placement, recorded_by=by, **_stripped(fields)), by)


def pending_review(placement):
    """R-12.4: the formal review awaiting the Headteacher's decision, or None."""
    reviews = list(placement.formal_reviews.order_by("held_on", "pk"))
    decided = ContinuationDecision.objects.filter(placement=placement).values_list(
        "after_review_id", flat=True
    )
    return decision_pending(reviews, decided)


@transaction.atomic
def continuation_decide(*, placement, decision: str, rationale: str, by) -> ContinuationDecision:
    """R-12.4: the Headteacher's decision, once for the reviews that asked for it; "end" ends the
    placement. The placement is locked, so a second decision waits and is then refused."""
    lock(placement)
    review = pending_review(placement)
    if review is None or placement.status != "active":
        raise ValidationError("No decision on this placement is waiting")
    record = _save(
        ContinuationDecision(
            placement=placement,
            after_review=review,
            decision=decision,
            rationale=rationale.strip(),
            decided_by=by,
        ),
        by,
    )
    if decision == ContinuationDecision.Decision.END:
        placement_end(
            placement=placement,
            by=by,
            on=timezone.localdate(),
            reason=Placement.EndReason.NO_PROGRESS,
        )
    entry_add(
        pupil=placement.pupil,
        kind="decision",
        occurred_on=timezone.localdate(),
        summary=f"After three formal reviews with no improvement: {record.get_decision_display().lower()}"
        f" at {placement.provider}",
        detail=record.rationale,
        automatic=True,
        by=by,
    )
    return record


@transaction.atomic
def early_end(*, placement, ended_on: dt.date, reason: str, dsl_informed_on: dt.date, by):
    """R-12.5: the placement ends early for safeguarding concerns, with the date the DSL was
    informed; once only (the placement is locked, and a second ending is refused)."""
    lock(placement)
    if EarlyEnding.objects.filter(placement=placement).exists():
        raise ValidationError("The placement has already ended")
    placement_end(placement=placement, by=by, on=ended_on, reason=Placement.EndReason.SAFEGUARDING)
    ending = _save(
        EarlyEnding(
            placement=placement,
            ended_on=ended_on,
            reason=reason.strip(),
            dsl_informed_on=dsl_informed_on,
            recorded_by=by,
        ),
        by,
    )
    entry_add(
        pupil=placement.pupil,
        kind="decision",
        occurred_on=ended_on,
        summary=f"Placement at {placement.provider} ended early for safeguarding concerns",
        detail=f"{ending.reason}\nThe DSL was informed on {dsl_informed_on:%-d %B %Y}.",
        safeguarding=True,
        automatic=True,
        by=by,
    )
    return ending
