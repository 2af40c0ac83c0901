"""What follows a start (R-7.3, R-12.1 to R-12.3, R-13.1 to R-13.3, R-6.5, R-10.10): reviews of
the agreement and visits each half term, a termly report from the provider, the odd serious
incident with the AP Lead's and the Headteacher's decisions, and for an ended placement its
ending, the steps before a return to school, and its outcome and destination; and each school's
AP budget, proposed by the Headteacher and approved by the trust."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from altprov.budgets.models import Budget, BudgetProposal
from altprov.monitoring.models import Incident, TermlyReport, Visit
from altprov.outcomes.models import (
    Ending,
    FinalReport,
    Outcome,
    PupilViews,
    ReintegrationMeeting,
    ReintegrationPlan,
)
from altprov.reviews.models import AgreementReview

from .placements import next_school_day, school_days_before
from .pupils import at, automatic_entry

DESTINATIONS = {
    "reintegrated": ["school_full_time", "school_full_time", "school_part_time"],
    "moved": ["other_ap", "other_school", "specialist"],
    "completed": ["further_education", "further_education", "employment", "neet"],
    "left_school": ["other_school", "unknown"],
}
ENDING_LABELS = {
    "moved": "moved to another provision",
    "completed": "completed: the pupil finished compulsory education",
    "left_school": "left the school",
}


def monitoring(gen, school, placement) -> None:
    """Reviews and visits every six weeks from the start, a termly report every twelve, and a
    serious incident for one placement in eight, up to the end or today."""
    sink, rng = gen.sink, gen.rng
    ap, head = school.staff["ap_lead"], school.staff["headteacher"]
    if placement.status == "planned":
        return
    last = min(placement.ended_on or gen.today, gen.today)
    day = placement.start + dt.timedelta(weeks=6)
    while day <= last:
        held = next_school_day(school.days, day)
        if held > last:
            break
        sink.add(
            AgreementReview,
            {
                "placement_id": placement.id,
                "held_on": held,
                "attended": f"{school.ap_lead_name} (AP Lead); parent or carer; the pupil; "
                f"{placement.provider.manager} (provider)",
                "outcome": "continue",
                "notes": "Attendance and engagement discussed; the placement continues as agreed",
                "recorded_by_id": ap,
                "recorded_at": at(held, 16),
            },
            by=ap,
            at=at(held, 16),
        )
        visited = school_days_before(school.days, held, 3)
        sink.add(
            Visit,
            {
                "placement_id": placement.id,
                "visited_on": visited,
                "visited_by": f"{school.ap_lead_name}, AP Lead",
                "what_was_seen": "The pupil settled and working on the practical unit",
                "pupil_view": rng.choice(["Enjoys the course", "Finds mornings hard", "Happy"]),
                "recorded_by_id": ap,
                "recorded_at": at(visited, 15),
            },
            by=ap,
            at=at(visited, 15),
        )
        day += dt.timedelta(weeks=6)
    day = placement.start + dt.timedelta(weeks=12)
    while day <= last:
        received = next_school_day(school.days, day)
        if received > last:
            break
        sink.add(
            TermlyReport,
            {
                "placement_id": placement.id,
                "received_on": received,
                "received_from": f"{placement.provider.manager}, {placement.provider.name}",
                "academic_progress": "On track against the plan's first objective",
                "behaviour": "Two minor incidents, both resolved the same day",
                "welfare": "No concerns",
                "recorded_by_id": ap,
                "recorded_at": at(received, 12),
            },
            by=ap,
            at=at(received, 12),
        )
        day += dt.timedelta(weeks=12)
    if rng.random() < 0.125 and last > placement.start:
        occurred = placement.start + dt.timedelta(
            days=rng.randint(0, (last - placement.start).days)
        )
        occurred = min(next_school_day(school.days, occurred), last)
        decided = min(occurred + dt.timedelta(days=1), gen.today)
        sink.add(
            Incident,
            {
                "placement_id": placement.id,
                "occurred_on": occurred,
                "reported_by": placement.provider.manager,
                "what_happened": "Verbal aggression towards a member of staff after a dispute",
                "provider_action": "Time out with a key worker; parent phoned",
                "recorded_by_id": ap,
                "recorded_at": at(occurred, 17),
                "ap_lead_decision": "Restorative meeting at the provider; no change to the plan",
                "ap_lead_decided_by_id": ap,
                "ap_lead_decided_at": at(decided, 10),
                "head_decision": "Agreed with the AP Lead",
                "head_decided_by_id": head,
                "head_decided_at": at(decided, 15),
            },
            by=ap,
            at=at(occurred, 17),
        )


def ending(gen, school, placement) -> None:
    """An ended placement's ending (R-13.3) and outcome (R-6.5); a return to school first has its
    meeting, plan, final report and the pupil's views (R-13.1, R-13.2)."""
    if placement.status != "ended":
        return
    sink, rng = gen.sink, gen.rng
    ap = school.staff["ap_lead"]
    ended, reason = placement.ended_on, placement.end_reason
    if reason == "reintegrated":
        meeting = school_days_before(school.days, ended, 12)
        for model, values, day in [
            (
                ReintegrationMeeting,
                {
                    "held_on": meeting,
                    "attended": f"{school.ap_lead_name} (AP Lead); parent; the pupil",
                    "provider_representative": placement.provider.manager,
                    "notes": "Return agreed for the end of the half term",
                },
                meeting,
            ),
            (
                ReintegrationPlan,
                {
                    "attendance_objective": "Attend 95% of sessions in the first half term back",
                    "behaviour_objective": "No more than one behaviour point a week",
                    "school_support": "A key adult meets the pupil each morning for six weeks",
                    "planned_return_on": next_school_day(school.days, ended + dt.timedelta(1)),
                    "first_review_on": ended + dt.timedelta(weeks=3),
                    "second_review_on": ended + dt.timedelta(weeks=6),
                },
                meeting,
            ),
            (
                FinalReport,
                {
                    "received_on": school_days_before(school.days, ended, 4),
                    "attainment_and_progress": "Completed the course unit; reading age up a year",
                    "attendance_record": "Attended nine sessions in ten",
                    "behaviour_change": "Fewer incidents each half term",
                },
                school_days_before(school.days, ended, 4),
            ),
            (
                PupilViews,
                {
                    "discussed_on": school_days_before(school.days, ended, 6),
                    "views": "Ready to go back; wants to keep the practical lessons",
                },
                school_days_before(school.days, ended, 6),
            ),
        ]:
            values |= {"placement_id": placement.id, "recorded_by_id": ap, "recorded_at": at(day)}
            sink.add(model, values, by=ap, at=at(day))
    detail = "A place at a specialist provision nearer home" if reason == "moved" else ""
    sink.add(
        Ending,
        {
            "placement_id": placement.id,
            "ended_on": ended,
            "reason": reason,
            "detail": detail,
            "recorded_by_id": ap,
            "recorded_at": at(ended, 16),
        },
        by=ap,
        at=at(ended, 16),
    )
    summary = (
        f"Returned to school from {placement.provider.name} (reintegration)"
        if reason == "reintegrated"
        else f"Placement at {placement.provider.name} ended: {ENDING_LABELS[reason]}"
    )
    automatic_entry(gen, placement.pupil.id, ended, summary, detail, ap)
    recorded = min(ended + dt.timedelta(days=7), gen.today)
    sink.add(
        Outcome,
        {
            "placement_id": placement.id,
            "destination": rng.choice(DESTINATIONS[reason]),
            "qualifications": rng.choice(["", "Level 1 certificate in motor vehicle studies"]),
            "achievements": "Attended regularly and completed the course's first unit",
            "progress_summary": "Progress against both objectives of the plan",
            "pupil_assessment": rng.choice(
                ["It helped me get back on track", "Some days were hard but it was worth it"]
            ),
            "attendance_before": Decimal(rng.randint(550, 850)) / 10,
            "recorded_by_id": ap,
            "recorded_at": at(recorded, 11),
        },
        by=ap,
        at=at(recorded, 11),
    )


def budgets(gen, school, placements: int) -> None:
    """The school's AP budget for each financial year the data spans (September to August, the
    trust setting's default), proposed by the Headteacher and approved by the trust executive."""
    sink, rng = gen.sink, gen.rng
    head, executive = school.staff["headteacher"], school.trust.staff["trust_executive"]
    first_year = gen.window_start.year if gen.window_start.month >= 9 else gen.window_start.year - 1
    for year in range(first_year, gen.today.year + (1 if gen.today.month >= 9 else 0)):
        start = dt.date(year, 9, 1)
        proposed = start - relativedelta(months=2)
        approved = proposed + dt.timedelta(days=14)
        amount = Decimal(max(placements, 1) * rng.choice([6000, 8000, 10000]))
        budget_id = sink.add(
            Budget,
            {
                "school_id": school.id,
                "year_start": start,
                "year_end": start + relativedelta(years=1) - dt.timedelta(days=1),
                "status": "approved",
                "approved_amount": amount,
                "approved_by_id": executive,
                "approved_at": at(approved, 15),
            },
            by=head,
            at=at(proposed, 10),
        )
        sink.add(
            BudgetProposal,
            {
                "budget_id": budget_id,
                "amount": amount,
                "note": f"{placements} placements a year at about £250 a week",
                "proposed_by_id": head,
                "proposed_at": at(proposed, 10),
                "state": "approved",
                "decided_by_id": executive,
                "decided_at": at(approved, 15),
            },
            by=head,
            at=at(proposed, 10),
        )
