"""A placement and everything the start gate asks for before it (R-7.1 to R-7.6, R-9.1,
R-10.4, R-10.8, R-11.1, R-11.2): the weekly pattern, the pastoral contact, the personalised plan
and its objectives, the information shared with the provider, the written notice, the trust's
approval and, for an unregistered provider, the exceptional reasons and the School Improvement
Team's agreement. Attending and ended placements meet every precondition on the day they start;
a planned placement either meets them all (ready to start) or waits for the notice and the
information share (pending the start gate)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from altprov.placements.models import (
    InformationShare,
    Placement,
    PlacementRecords,
    PlacementSession,
    PlanObjective,
)

from .pupils import MadePupil, at, automatic_entry

T = dt.time
NOON = T(12, 0)
# (weekdays, start, end, weight): registered providers may have pupils full time.
REGISTERED_PATTERNS = [
    ((0, 1, 2, 3, 4), T(9, 0), T(15, 0), 5),
    ((0, 1, 2, 3), T(9, 0), T(15, 0), 2),
    ((0, 2, 4), T(9, 0), T(15, 0), 2),
    ((1, 3), T(9, 30), T(14, 30), 1),
]
# Unregistered: within the trust's default cap of 12 hours a week.
UNREGISTERED_PATTERNS = [
    ((0, 2), T(9, 30), T(15, 0), 2),
    ((1, 3, 4), T(9, 0), T(12, 30), 1),
    ((0, 1, 2, 3), T(13, 0), T(15, 30), 1),
]
SETTING_TYPES = ["OTH", "WBP", "OOT", "NFE"]
# Of the attending placements, the share that has run since the first weeks of the window (a
# KS4 pupil's placement often lasts the school year); the rest started at any time since.
LONG_SHARE = 0.5
TRUST_APPROVAL_COST = Decimal("500.00")  # the trust setting's default


@dataclass
class MadePlacement:
    id: int
    pupil: MadePupil
    provider: object
    status: str
    start: dt.date
    planned_end: dt.date
    ended_on: dt.date | None
    end_reason: str
    pattern: dict[int, tuple[str, ...]] = field(default_factory=dict)  # weekday -> sessions


def next_school_day(days: list[dt.date], day: dt.date) -> dt.date:
    """The first school day on or after `day` (the last known one past the calendar's end)."""
    index = bisect.bisect_left(days, day)
    return days[min(index, len(days) - 1)]


def school_days_before(days: list[dt.date], day: dt.date, n: int) -> dt.date:
    index = bisect.bisect_left(days, day)
    return days[max(index - n, 0)]


def pick_pattern(rng, registered: bool):
    patterns = REGISTERED_PATTERNS if registered else UNREGISTERED_PATTERNS
    weekdays, start, end, _ = rng.choices(patterns, weights=[p[3] for p in patterns])[0]
    sessions = tuple(s for s, on in (("AM", start < NOON), ("PM", end > NOON)) if on)
    return weekdays, start, end, {d: sessions for d in weekdays}


def plan_dates(gen, school, status: str):
    """(start, planned end, ended on) for a placement of `status`, on the school's school days."""
    rng, today, days = gen.rng, gen.today, school.days
    lo = bisect.bisect_left(days, gen.window_start)
    hi = bisect.bisect_right(days, today)
    if status == "planned":
        start = next_school_day(days, today + dt.timedelta(days=rng.randint(5, 30)))
        end = start + dt.timedelta(weeks=rng.choice([12, 26, 39]))
        return start, end, None
    if status == "ended" and hi - lo > 25:
        first = rng.randrange(lo, hi - 20)
        length = rng.randint(15, min(90, hi - 3 - first))
        start, ended = days[first], days[first + length]
        end = max(ended, start + dt.timedelta(weeks=rng.choice([12, 26])))
        return start, end, ended
    latest = max(lo, hi - 6)
    if rng.random() < LONG_SHARE:  # a long placement, attending since the window began
        latest = min(latest, lo + 10)
    start = days[rng.randint(lo, latest)]
    end = max(
        start + dt.timedelta(weeks=rng.choice([26, 39, 52])),
        today + dt.timedelta(days=rng.randint(14, 120)),
    )
    return start, end, None


def add_placement(
    gen,
    school,
    pupil: MadePupil,
    referral_id: int,
    provider,
    status: str,
    start: dt.date,
    planned_end: dt.date,
    ended_on: dt.date | None,
    responded: dt.date,
    *,
    ready: bool = True,
) -> MadePlacement:
    sink, rng, today = gen.sink, gen.rng, gen.today
    staff = school.staff
    ap = staff["ap_lead"]
    weekdays, starts_at, ends_at, pattern = pick_pattern(rng, provider.registered)
    cost = (
        Decimal(rng.choice([180, 220, 260, 300, 350, 420, 480, 560, 640]))
        if provider.registered
        else Decimal(rng.choice([90, 120, 150, 180]))
    )
    needs_trust = (not provider.registered) or cost > TRUST_APPROVAL_COST
    dual = provider.registered and "Pupil Referral Unit" in provider.name
    created = min(responded + dt.timedelta(days=1), today)
    values = {
        "referral_id": referral_id,
        "provider_id": provider.id,
        "site_id": provider.site_id,
        "start_date": start,
        "planned_end_date": planned_end,
        "weekly_cost": cost,
        "dual_registered": dual,
        "census_setting_type": "" if provider.registered else rng.choice(SETTING_TYPES),
        "census_main_reason": "",
        "status": status,
        "created_by_id": ap,
        "created_at": at(created, 9),
    }
    if not provider.registered:
        values |= {
            "exceptional_reasons": "No registered provider within travelling distance offers "
            "the vocational course the plan needs",
            "professionals_consulted": "Educational psychologist; SENDCo; social worker",
            "sit_agreed_by_id": school.trust.staff["school_improvement"],
            "sit_agreed_at": at(created, 14),
        }
    if status != "planned":
        values |= {
            "started_on": start,
            "attendance_recording": "D" if dual else "B",
        }
    reason = ""
    if status == "ended":
        reason = rng.choice(["reintegrated", "reintegrated", "moved", "completed", "left_school"])
        values |= {"ended_on": ended_on, "end_reason": reason}
    placement_id = sink.add(Placement, values, by=ap, at=at(created, 9))
    for day in weekdays:
        sink.add(
            PlacementSession,
            {"placement_id": placement_id, "day": day, "starts_at": starts_at, "ends_at": ends_at},
            by=ap,
            at=at(created, 9),
        )
    # The records the gate reads, all done before the start (or, pending, not yet all).
    shared = min(created + dt.timedelta(days=2), today)
    notice = min(school_days_before(school.days, start, rng.randint(3, 6)), today)
    notice = max(notice, created)
    records = {
        "placement_id": placement_id,
        "pastoral_contact_id": staff["dsl"] if rng.random() < 0.3 else ap,
        "contact_protocol": "A phone call to the pupil each week and a visit each half term",
        "assessment_and_monitoring": "Termly reports from the provider against the objectives; "
        "half-termly reviews with the family",
        "baseline_attainment": rng.choice(
            ["Working towards grade 3 in English and maths", "Reading age two years behind"]
        ),
        "baseline_attendance": f"{rng.randint(55, 85)}% over the last term",
        "baseline_behaviour": f"{rng.randint(2, 12)} behaviour incidents last half term",
        "ehcp_link": "Targets taken from section F of the EHC plan"
        if pupil.send_status == "ehcp"
        else "",
        "objectives_shared_on": shared,
    }
    if pupil.send_status == "ehcp":
        records |= {
            "la_caseworker_informed_on": shared,
            "la_caseworker_informed_by_id": staff["sendco"],
        }
    if needs_trust:
        records |= {
            "trust_approved_by_id": school.trust.staff["trust_executive"],
            "trust_approved_at": at(shared, 15),
        }
    if ready:
        records |= {
            "notice_issued_on": notice,
            "notice_method": rng.choice(["Letter by post", "Email", "Letter handed to parent"]),
            "notice_issued_by_id": ap,
        }
    sink.add(PlacementRecords, records, by=ap, at=at(shared, 15))
    for objective, timeframe, measure in [
        ("Attend every session of the weekly pattern", "Each half term", "Attendance of 90%"),
        ("Complete the first unit of the course", "By the first review", "Provider's report"),
    ]:
        sink.add(
            PlanObjective,
            {
                "placement_id": placement_id,
                "objective": objective,
                "timeframe": timeframe,
                "measure": measure,
            },
            by=ap,
            at=at(shared, 15),
        )
    if ready:
        sink.add(
            InformationShare,
            {
                "placement_id": placement_id,
                "category": "send" if pupil.send_status != "none" else "attainment",
                "what": "The pupil passport and the latest attainment data",
                "shared_on": shared,
                "method": "secure_email",
                "lawful_basis": "public_task",
                "shared_by_id": ap,
            },
            by=ap,
            at=at(shared, 16),
        )
    if status != "planned":
        automatic_entry(
            gen,
            pupil.id,
            min(start, today),
            f"Placement at {provider.name} confirmed to start on {start:%-d %B %Y}",
            "Attendance recorded as "
            + (
                "D: dual registered at the provider"
                if dual
                else "B: approved educational activity at the home school"
            ),
            ap,
        )
    return MadePlacement(
        placement_id, pupil, provider, status, start, planned_end, ended_on, reason, pattern
    )
