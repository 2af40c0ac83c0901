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
from altprov.monitoring.rules import REPORT_INTERVAL
from altprov.outcomes.models import (
    Ending,
    FinalReport,
    Outcome,
    PupilViews,
    ReintegrationMeeting,
    ReintegrationPlan,
    ReturnFollowUp,
)
from altprov.outcomes.rules import follow_up_due, plan_due
from altprov.placements.rules import next_review_due
from altprov.progress.models import EhcpAnnualReview, EhcpDate
from altprov.progress.rules import ehcp_review_due
from altprov.reviews.models import AgreementReview
from altprov.termdates.schooldays import OutsideCalendar

from .placements import next_school_day, school_days_before
from .pupils import at, automatic_entry

PLAN_SCHOOL_DAYS = 15  # the trust setting's default (reintegration_plan_school_days)
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


def on_schedule(gen, school, placement, interval: str, last: dt.date) -> list[dt.date]:
    """The days a recurring record (a review, a visit, a termly report) was made: each a few
    school days before the date the service's own schedule (`placements.rules.next_review_due`,
    one in each half term or term) says it is due, up to `last`; so none is overdue."""
    done: list[dt.date] = []
    for _ in range(60):
        try:
            due = next_review_due(
                school.calendar, interval, placement.start, placement.planned_end, done
            )
        except OutsideCalendar:
            break
        if due is None or due > last:
            break
        day = max(school_days_before(school.days, due, gen.rng.randint(2, 8)), placement.start)
        if done and day <= done[-1]:
            day = next_school_day(school.days, done[-1] + dt.timedelta(days=1))
        if day > min(due, last):
            break
        done.append(day)
    return done


def monitoring(gen, school, placement) -> None:
    """Reviews of the agreement and visits each half term and a report each term (the trust
    settings' defaults, R-7.3, R-12.1, R-12.2), a serious incident for one placement in eight,
    and the EHCP's date and annual reviews (R-10.8), up to the end or today."""
    sink, rng = gen.sink, gen.rng
    ap, head = school.staff["ap_lead"], school.staff["headteacher"]
    if placement.status == "planned":
        return
    last = min(placement.ended_on or gen.today, gen.today)
    for held in on_schedule(gen, school, placement, "half_term", last):
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
    for visited in on_schedule(gen, school, placement, "half_term", last):
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
    for received in on_schedule(gen, school, placement, REPORT_INTERVAL, last):
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
    if placement.pupil.send_status == "ehcp":
        _ehcp(gen, school, placement, last)
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


def _ehcp(gen, school, placement, last: dt.date) -> None:
    """The EHCP's date (before the placement) and each annual review that fell due by `last`,
    held a little before it was due (R-10.8)."""
    sink, sendco = gen.sink, school.staff["sendco"]
    dated = placement.start - dt.timedelta(days=gen.rng.randint(60, 330))
    recorded = at(min(placement.start, gen.today), 14)
    sink.add(
        EhcpDate,
        {
            "placement_id": placement.id,
            "dated": dated,
            "recorded_by_id": sendco,
            "recorded_at": recorded,
        },
        by=sendco,
        at=recorded,
    )
    held = None
    while (due := ehcp_review_due(held, dated)) <= last:
        held = max(due - dt.timedelta(days=gen.rng.randint(3, 20)), dated)
        sink.add(
            EhcpAnnualReview,
            {
                "placement_id": placement.id,
                "held_on": held,
                "outcome": "maintain",
                "notes": "The plan stays as it is; the placement is named in section I",
                "recorded_by_id": sendco,
                "recorded_at": at(held, 16),
            },
            by=sendco,
            at=at(held, 16),
        )
        dated = held


def before_the_end(gen, school, placement) -> None:
    """An attending placement whose reintegration meeting and plan have fallen due (the trust's
    15 school days before the planned end, R-13.1) has them recorded."""
    if placement.status != "active":
        return
    try:
        due = plan_due(school.calendar, placement.planned_end, PLAN_SCHOOL_DAYS)
    except OutsideCalendar:
        return
    if due <= gen.today:
        _reintegration_plan(gen, school, placement, min(due, gen.today))


def _reintegration_plan(gen, school, placement, meeting: dt.date) -> None:
    ap = school.staff["ap_lead"]
    end = placement.ended_on or placement.planned_end
    for model, values in [
        (
            ReintegrationMeeting,
            {
                "held_on": meeting,
                "attended": f"{school.ap_lead_name} (AP Lead); parent; the pupil",
                "provider_representative": placement.provider.manager,
                "notes": "Return agreed for the end of the placement",
            },
        ),
        (
            ReintegrationPlan,
            {
                "attendance_objective": "Attend 95% of sessions in the first half term back",
                "behaviour_objective": "No more than one behaviour point a week",
                "school_support": "A key adult meets the pupil each morning for six weeks",
                "planned_return_on": next_school_day(school.days, end + dt.timedelta(days=1)),
                "first_review_on": end + dt.timedelta(weeks=3),
                "second_review_on": end + dt.timedelta(weeks=6),
            },
        ),
    ]:
        values |= {"placement_id": placement.id, "recorded_by_id": ap, "recorded_at": at(meeting)}
        gen.sink.add(model, values, by=ap, at=at(meeting))


def ending(gen, school, placement) -> None:
    """An ended placement's ending (R-13.3) and outcome (R-6.5); a return to school first has its
    meeting, plan, final report and the pupil's views (R-13.1, R-13.2)."""
    if placement.status != "ended":
        return
    sink, rng = gen.sink, gen.rng
    ap = school.staff["ap_lead"]
    ended, reason = placement.ended_on, placement.end_reason
    if reason == "reintegrated":
        _reintegration_plan(gen, school, placement, school_days_before(school.days, ended, 12))
        for model, values, day in [
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
    if reason == "reintegrated":
        _return_follow_up(gen, school, placement)
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


def _return_follow_up(gen, school, placement) -> None:
    """R-13.3: the follow-up at the end of the first half term back, once that has come."""
    try:
        due = follow_up_due(school.calendar, placement.ended_on)
    except OutsideCalendar:
        return
    held = school_days_before(school.days, due, gen.rng.randint(1, 4))
    if held <= placement.ended_on:  # ended just before a break: on the first day back
        held = due
    if held > gen.today:
        return
    ap = school.staff["ap_lead"]
    gen.sink.add(
        ReturnFollowUp,
        {
            "placement_id": placement.id,
            "held_on": held,
            "attendance_after": Decimal(gen.rng.randint(820, 990)) / 10,
            "how_it_is_going": "Settled back into lessons; the key adult meetings continue",
            "recorded_by_id": ap,
            "recorded_at": at(held, 15),
        },
        by=ap,
        at=at(held, 15),
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
