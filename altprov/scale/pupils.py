"""Pupils of a generated school with their carers, chronology of support and referrals (R-6.1 to
R-7.3): the pupils who go on to a placement have an approved referral with the family meeting and
the agreement recorded; the others show the earlier stages (a referral being drafted, one waiting
for the Headteacher, one declined)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from altprov.chronology.models import ChronologyEntry
from altprov.core.demo.data import FIRST_NAMES, LAST_NAMES, STAFF_FIRST
from altprov.organisations.models import School
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.upn import make_upn
from altprov.referrals.models import Agreement, Consultation, Referral, ReferralMeeting

from .people import person_name

REASON_SETS = [
    ["exclusion_risk", "academic_social_demands"],
    ["wider_curriculum"],
    ["personalised_curriculum", "illness_semh"],
    ["negative_experiences"],
    ["exclusion_risk"],
]
ZONE = ZoneInfo(settings.TIME_ZONE)
AGENCIES = ["educational_psychology", "camhs", "early_help", "health", "social_care"]


@dataclass
class MadePupil:
    id: int
    send_status: str
    looked_after: bool
    has_parent: bool
    year_group: int


def local(day: dt.date, time: dt.time) -> dt.datetime:
    """`day` at `time` in the service's time zone (as `timezone.make_aware`, without its
    per-call lookup of the current time zone: a year of marks calls this millions of times)."""
    return dt.datetime.combine(day, time, tzinfo=ZONE)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return local(day, dt.time(hour, 0))


def year_groups(phase: str) -> list[int]:
    if phase == School.Phase.PRIMARY:
        return [3, 4, 5, 6]
    if phase == School.Phase.SPECIAL:
        return [5, 6, 7, 8, 9, 10, 11]
    return [8, 9, 9, 10, 10, 10, 11, 11]


def add_pupil(gen, school, serial: int) -> MadePupil:
    sink, rng = gen.sink, gen.rng
    year_group = rng.choice(year_groups(school.phase))
    born_from = dt.date(2026 - year_group - 5, 9, 1)
    special = school.phase == School.Phase.SPECIAL
    send = rng.choices(
        ["none", "sen_support", "ehcp"], weights=[0, 20, 80] if special else [60, 28, 12]
    )[0]
    looked_after = rng.random() < 0.06
    last_name = rng.choice(LAST_NAMES)
    values = {
        "school_id": school.id,
        "first_name": rng.choice(FIRST_NAMES),
        "last_name": last_name,
        "date_of_birth": born_from + dt.timedelta(days=rng.randint(0, 364)),
        "upn": make_upn(
            201 + school.serial // 10000, school.serial % 10000, 10 + serial // 1000, serial % 1000
        ),
        "year_group": year_group,
        "send_status": send,
        "needs_assessed_on": gen.window_start - dt.timedelta(days=rng.randint(60, 120)),
        "looked_after": looked_after,
    }
    if send == "ehcp":
        values |= {
            "ehcp_local_authority": f"{school.town} Borough Council",
            "la_caseworker_name": person_name(rng),
            "la_caseworker_email": "send.casework@council.example.org",
        }
    if send != "none" and rng.random() < 0.4:
        values["semh_needs"] = rng.choice(
            [
                "Anxiety about crowded spaces",
                "Low mood; CAMHS waiting list",
                "Difficulty regulating anger",
            ]
        )
    if looked_after:
        values |= {
            "social_worker_name": person_name(rng),
            "social_worker_phone": f"01632 96{rng.randint(1000, 9999)}",
            "virtual_school_head_name": person_name(rng),
            "virtual_school_head_email": "virtual.school@council.example.org",
        }
    by = school.staff["ap_lead"]
    pupil_id = sink.add(Pupil, values, by=by, at=gen.started_at)
    sink.add(
        Carer,
        {
            "pupil_id": pupil_id,
            "name": f"{rng.choice(STAFF_FIRST)} {last_name}",
            "relationship": "Foster carer"
            if looked_after
            else rng.choice(["Mother", "Father", "Grandmother"]),
            "phone": f"07700 9{rng.randint(10000, 99999)}",
            "parental_responsibility": not looked_after,
            "priority": 1,
        },
        by=by,
        at=gen.started_at,
    )
    return MadePupil(pupil_id, send, looked_after, not looked_after, year_group)


def chronology(gen, school, pupil: MadePupil, before: dt.date) -> None:
    """The support tried before a referral (R-6.2): an intervention with its impact, an outside
    agency's work, and a review meeting, in the months before `before`."""
    rng, sink = gen.rng, gen.sink
    ap, sendco = school.staff["ap_lead"], school.staff["sendco"]
    entries = [
        (
            before - dt.timedelta(days=rng.randint(80, 110)),
            "internal_intervention",
            rng.choice(
                [
                    "Weekly mentoring with the learning mentor",
                    "Reduced timetable with a key adult",
                    "Small-group literacy and numeracy support",
                ]
            ),
            "Attendance and behaviour improved for a few weeks, then fell back",
            "",
            ap,
        ),
        (
            before - dt.timedelta(days=rng.randint(50, 75)),
            "external_agency",
            "Referral to an outside agency for assessment",
            "Assessment completed; recommendations shared with staff",
            rng.choice(AGENCIES),
            sendco,
        ),
        (
            before - dt.timedelta(days=rng.randint(20, 40)),
            "meeting",
            "Review meeting with the pupil and parents",
            "",
            "",
            ap,
        ),
    ]
    for day, kind, summary, impact, agency, by in entries:
        sink.add(
            ChronologyEntry,
            {
                "pupil_id": pupil.id,
                "occurred_on": day,
                "kind": kind,
                "summary": summary,
                "impact": impact,
                "agency": agency,
                "recorded_by_id": by,
                "recorded_at": at(day, 15),
            },
        )


def automatic_entry(gen, pupil_id: int, day: dt.date, summary: str, detail: str, by: int):
    """An entry the service writes itself (a decision, a start, an ending)."""
    gen.sink.add(
        ChronologyEntry,
        {
            "pupil_id": pupil_id,
            "occurred_on": day,
            "kind": "decision",
            "summary": summary[:200],
            "detail": detail,
            "automatic": True,
            "recorded_by_id": by,
            "recorded_at": at(day, 16),
        },
    )


def referral(gen, school, pupil: MadePupil, decided: dt.date, *, stage: str) -> int:
    """A referral at `stage`: "draft", "submitted", "declined" or "approved" (with the family
    meeting and the agreement). `decided` is the Headteacher's decision day (or would be)."""
    sink, rng = gen.sink, gen.rng
    ap, head = school.staff["ap_lead"], school.staff["headteacher"]
    created = decided - dt.timedelta(days=rng.randint(10, 20))
    submitted = decided - dt.timedelta(days=rng.randint(2, 7))
    values = {
        "pupil_id": pupil.id,
        "school_id": school.id,
        "reasons": rng.choice(REASON_SETS),
        "route": "suspension" if rng.random() < 0.08 else "school_directed",
        "created_by_id": ap,
        "created_at": at(created, 10),
    }
    if stage != "draft":
        values |= {"submitted_by_id": ap, "submitted_at": at(submitted, 14)}
    if stage in ("declined", "approved"):
        values |= {
            "decision": stage,
            "rationale": "Mentoring and outside advice have not re-engaged the pupil; "
            "a placement will"
            if stage == "approved"
            else "Further support in school first: a reduced timetable with a key adult",
            "decided_by_id": head,
            "decided_at": at(decided, 16),
        }
    referral_id = sink.add(Referral, values, by=ap, at=at(created, 10))
    additional = pupil.send_status != "none" or pupil.looked_after
    if stage != "draft" and additional:
        for role, by in (("dsl", school.staff["dsl"]), ("sendco", school.staff["sendco"])):
            sink.add(
                Consultation,
                {
                    "referral_id": referral_id,
                    "role": role,
                    "by_id": by,
                    "at": at(submitted - dt.timedelta(days=1), 11),
                    "view": "Supports the referral; the provider must know the pupil's plan",
                },
                by=by,
                at=at(submitted - dt.timedelta(days=1), 11),
            )
    if stage in ("declined", "approved"):
        automatic_entry(
            gen,
            pupil.id,
            decided,
            "Headteacher's decision on the referral to alternative provision: "
            + ("approved" if stage == "approved" else "declined"),
            values["rationale"],
            head,
        )
    return referral_id


def family_agreement(gen, school, pupil: MadePupil, referral_id: int, decided: dt.date, weeks: int):
    """The meeting with the family and their agreement (R-7.2, R-7.3), after the decision."""
    sink, rng = gen.sink, gen.rng
    ap = school.staff["ap_lead"]
    held = decided + dt.timedelta(days=rng.randint(1, 4))
    sink.add(
        ReferralMeeting,
        {
            "referral_id": referral_id,
            "held_on": held,
            "attendees": f"{school.head_name}, Headteacher\n{school.ap_lead_name}, AP Lead\n"
            "Parent or carer\nPupil",
            "pupil_attended": True,
            "parents_attended": True,
            "reasons_explained": "Explained the chronology and what the placement is for",
            "pupil_views": rng.choice(
                ["Keen on the practical course", "Worried about new people", "Wants a fresh start"]
            ),
            "parent_views": "Supportive; asked about transport",
            "no_parent_reason": ""
            if pupil.has_parent
            else "The local authority holds parental responsibility; the foster carer and "
            "social worker attended",
            "recorded_by_id": ap,
        },
        by=ap,
        at=at(held, 15),
    )
    responded = held + dt.timedelta(days=1)
    sink.add(
        Agreement,
        {
            "referral_id": referral_id,
            "responsibilities": "School: transport and pastoral contact. "
            "Provider: teaching and daily attendance.",
            "contact_timescales": "Weekly call between the AP Lead and the provider; "
            "fortnightly call home",
            "safeguarding_route": "The provider phones the school's DSL the same day",
            "maximum_weeks": weeks,
            "response": "agreed",
            "responded_on": responded,
            "recorded_by_id": ap,
            "recorded_at": at(responded, 15),
        },
        by=ap,
        at=at(responded, 15),
    )
    return responded
