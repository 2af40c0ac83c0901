"""What the placement page's reintegration section and the impact page show (R-13.1 to R-13.3,
R-6.5), each in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from altprov.attendance.selectors import placement_attendance
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.monitoring.models import FormalReview
from altprov.placements.models import Placement
from altprov.placements.status import placement_status
from altprov.reviews.models import AgreementReview

from . import gate
from .models import (
    ContinuedSupport,
    Ending,
    Outcome,
    ReturnFollowUp,
    ViewQuestion,
    ViewsResponse,
)
from .rules import mean_score


def _one(model, placement):
    return model.objects.filter(placement=placement).select_related("recorded_by").first()


def section_of(placement, user) -> dict:
    """Everything the placement page's "Reintegration and outcome" section shows."""
    today = timezone.localdate()
    key = placement_status(placement, today).key
    school = placement.referral.school
    can = has_permission(user, Permission.RECORD_REINTEGRATION, school=school)
    back = reverse("placements:detail", args=[placement.pk]) + "#reintegration"
    items = gate.items(placement, user, today, back) if key in ("attending", "ended") else []
    ended = placement.status == Placement.Status.ENDED
    ending = _one(Ending, placement) if ended else None
    outcome = _one(Outcome, placement) if ended else None
    follow_up = _one(ReturnFollowUp, placement) if ended else None
    reintegrated = ended and placement.end_reason == Placement.EndReason.REINTEGRATED
    return {
        "placement": placement,
        "attending": key == "attending",
        "ended": ended,
        "items": items,
        "ready": all(i.met for i in items),
        "ending": ending,
        "end_reason": placement.get_end_reason_display() if ended else "",
        "reintegrated": reintegrated,
        "support": list(placement.continued_support.all()) if ended else [],
        "follow_up": follow_up,
        "outcome": outcome,
        "responses": placement.views_responses.count(),
        "can_record": can and key == "attending",
        "can_after": can and ended,
        "can_answer": can
        and (key == "attending" or ended)
        and ViewQuestion.objects.filter(trust_id=school.trust_id, active=True).exists(),
    }


def reviews_of(placement) -> list[tuple[str, tuple[str, object]]]:
    """The placement's agreement reviews (R-7.3) and formal reviews (R-12.4) a questionnaire may
    name, as ("a12" or "f3", (label, review)), oldest first."""
    found = [
        (r.held_on, f"a{r.pk}", (f"Agreement review of {r.held_on:%-d %B %Y}", r))
        for r in AgreementReview.objects.filter(placement=placement)
    ] + [
        (r.held_on, f"f{r.pk}", (f"Formal review of {r.held_on:%-d %B %Y}", r))
        for r in FormalReview.objects.filter(placement=placement)
    ]
    return [(key, value) for _, key, value in sorted(found, key=lambda f: (f[0], f[1]))]


@dataclass(frozen=True)
class ImpactRow:
    wording: str
    start: int | None
    review: int | None
    end: int | None


def _latest(responses, moment):
    chosen = [r for r in responses if r.moment == moment]
    return chosen[-1] if chosen else None


def impact_of(placement) -> dict:
    """R-6.5, R-13.3: the pupil's answers at the start, the latest review and the end, question
    by question (by the wording answered), beside attendance before, during and after."""
    responses = list(
        ViewsResponse.objects.filter(placement=placement)
        .prefetch_related("answers")
        .order_by("answered_on", "pk")
    )
    start = next((r for r in responses if r.moment == "start"), None)
    review, end = _latest(responses, "review"), _latest(responses, "end")
    columns = (start, review, end)
    wordings: dict[str, int] = {}
    for response in columns:
        for answer in response.answers.all() if response else ():
            wordings.setdefault(answer.wording, answer.position)
    scores = [{a.wording: a.score for a in r.answers.all()} if r else {} for r in columns]
    rows = [
        ImpactRow(w, *(s.get(w) for s in scores))
        for w in sorted(wordings, key=lambda w: (wordings[w], w))
    ]
    means = [mean_score(a.score for a in r.answers.all()) if r else None for r in columns]
    outcome = Outcome.objects.filter(placement=placement).first()
    follow_up = ReturnFollowUp.objects.filter(placement=placement).first()
    during = placement_attendance(placement).overall.percentage
    attendance = [
        (
            "Before the placement (the term before, from the MIS)",
            outcome.attendance_before if outcome else None,
        ),
        ("During the placement (the provider's marks)", during),
        (
            "After the return (the first half term back)",
            follow_up.attendance_after if follow_up else None,
        ),
    ]
    return {
        "placement": placement,
        "pupil": placement.pupil,
        "columns": [
            ("At the start", start),
            ("At the latest review", review),
            ("At the end", end),
        ],
        "rows": rows,
        "means": means,
        "attendance": attendance,
        "bars": _bars(means, attendance),
        "support": list(ContinuedSupport.objects.filter(placement=placement)),
    }


def _bars(means, attendance) -> list[tuple[str, str, int]]:
    """A simple chart of the same figures, drawn as widths in per cent (the table is the
    accessible version; the chart repeats it)."""
    bars = []
    for label, mean in zip(("Start", "Latest review", "End"), means, strict=True):
        if mean is not None:
            bars.append((f"Pupil's view at: {label.lower()}", f"{mean} out of 5", int(mean * 20)))
    for label, figure in attendance:
        if figure is not None:
            bars.append(
                (f"Attendance {label.split(' (')[0].lower()}", f"{figure}%", int(Decimal(figure)))
            )
    return bars
