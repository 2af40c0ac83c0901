"""Writes to referrals, in the policy's order (section 7): reasons, consultation, the
Headteacher's decision, the meeting with the family, the agreement."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from altprov.authz.checks import has_permission
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Permission
from altprov.chronology.models import ChronologyEntry
from altprov.chronology.selectors import timeline_for
from altprov.chronology.services import entry_add
from altprov.core.locking import lock
from altprov.core.versions import check_version

from .models import Agreement, Consultation, Referral, ReferralMeeting
from .rules import NO_PARENT, has_parent_on_record, submission_conditions


def _save(obj, by):
    obj._history_user = by
    obj.save()
    return obj


def referral_create(*, pupil, reasons: list[str], other_reason: str, route: str, by) -> Referral:
    return _save(
        Referral(
            pupil=pupil,
            school=pupil.school,
            reasons=reasons,
            other_reason=other_reason if "other" in reasons else "",
            route=route,
            created_by=by,
        ),
        by,
    )


@transaction.atomic
def reasons_change(
    *, referral: Referral, reasons, other_reason, route, by, based_on: int | None = None
) -> Referral:
    """Refused (`StaleVersion`) when the referral has moved on since version `based_on` (X-5)."""
    lock(referral)
    if referral.submitted_at:
        raise ValidationError("The referral has been put to the Headteacher: its reasons are fixed")
    check_version(referral, based_on, locked=True)
    referral.reasons = reasons
    referral.other_reason = other_reason if "other" in reasons else ""
    referral.route = route
    return _save(referral, by)


@transaction.atomic
def consultation_record(*, referral: Referral, view: str, by) -> list[Consultation]:
    """The DSL or SENDCo records their view (section 8): one consultation for each of those roles
    the person holds in the school that has not been recorded yet."""
    held = set(
        RoleAssignment.objects.filter(
            user=by, school=referral.school, role__in=Consultation.Role.values
        ).values_list("role", flat=True)
    )
    if not held:
        raise PermissionDenied
    lock(referral)
    done = set(referral.consultations.values_list("role", flat=True))
    if not held - done:
        raise ValidationError("Your view has already been recorded")
    return [
        _save(Consultation(referral=referral, role=role, by=by, view=view), by)
        for role in sorted(held - done)
    ]


@transaction.atomic
def referral_submit(*, referral: Referral, by) -> Referral:
    """Puts the referral to the Headteacher: refused until every condition is met (R-6.3)."""
    lock(referral)
    if referral.submitted_at:
        raise ValidationError("The referral has already been put to the Headteacher")
    unmet = [
        c.text
        for c in submission_conditions(referral, timeline_for(by, referral.pupil))
        if not c.met
    ]
    if unmet:
        raise ValidationError(unmet)
    referral.submitted_at = timezone.now()
    referral.submitted_by = by
    return _save(referral, by)


@transaction.atomic
def referral_decide(*, referral: Referral, decision: str, rationale: str, by) -> Referral:
    """R-7.1: the Headteacher's decision, with who, when and why, also written to the chronology."""
    if not has_permission(by, Permission.DECIDE_REFERRALS, school=referral.school):
        raise PermissionDenied
    lock(referral)
    if not referral.submitted_at:
        raise ValidationError("The referral has not been put to the Headteacher yet")
    if referral.decision:
        raise ValidationError("The Headteacher has already decided this referral")
    referral.decision = decision
    referral.rationale = rationale
    referral.decided_by = by
    referral.decided_at = timezone.now()
    _save(referral, by)
    entry_add(
        pupil=referral.pupil,
        kind=ChronologyEntry.Kind.DECISION,
        occurred_on=timezone.localdate(),
        summary=f"Headteacher's decision on the referral to alternative provision: {referral.get_decision_display().split(':')[0].lower()}",
        detail=rationale,
        automatic=True,
        by=by,
    )
    return referral


@transaction.atomic
def meeting_record(*, referral: Referral, data: dict, by) -> ReferralMeeting:
    """R-7.2. Needs a parent or carer with parental responsibility on the pupil's record, or the
    reason there is none (for example, the local authority holds parental responsibility)."""
    lock(referral)
    if not referral.is_approved:
        raise ValidationError("The meeting follows the Headteacher's decision to refer")
    data = dict(data)
    if has_parent_on_record(referral.pupil):
        data["no_parent_reason"] = ""
    elif not (data.get("no_parent_reason") or "").strip():
        raise ValidationError({"no_parent_reason": NO_PARENT})
    meeting = getattr(referral, "meeting", None) or ReferralMeeting(
        referral=referral, recorded_by=by
    )
    for name, value in data.items():
        setattr(meeting, name, value)
    return _save(meeting, by)


@transaction.atomic
def agreement_record(*, referral: Referral, data: dict, by) -> Agreement:
    """R-7.3. A refusal is written to the pupil's chronology by the service itself."""
    lock(referral)
    if not hasattr(referral, "meeting"):
        raise ValidationError("Record the meeting with the family before the agreement")
    if hasattr(referral, "agreement"):
        raise ValidationError("The agreement has already been recorded")
    if not has_parent_on_record(referral.pupil) and not referral.meeting.no_parent_reason.strip():
        raise ValidationError(NO_PARENT)
    agreement = _save(Agreement(referral=referral, recorded_by=by, **data), by)
    if agreement.response == Agreement.Response.REFUSED:
        entry_add(
            pupil=referral.pupil,
            kind=ChronologyEntry.Kind.PARENT_REFUSAL,
            occurred_on=agreement.responded_on,
            summary="Parents or carers refused the offer of alternative provision",
            detail=agreement.refusal_reason,
            automatic=True,
            by=by,
        )
    return agreement
