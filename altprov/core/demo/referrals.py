"""Pupils of one demo school at each stage of a referral."""

import datetime as dt

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.chronology.services import entry_add
from altprov.placements.models import Placement
from altprov.referrals import services as referrals
from altprov.termdates.schooldays import SchoolCalendar


def referrals_and_placement(trust, providers) -> None:
    """Pupils of Fernleigh Academy at each stage: support recorded, a referral waiting for the
    Headteacher, and an agreed referral with a placement being prepared."""
    school = trust.schools.get(name="Fernleigh Academy")
    ap, head, sendco = (
        RoleAssignment.objects.get(school=school, role=r).user
        for r in (Role.AP_LEAD, Role.HEADTEACHER, Role.SENDCO)
    )
    today = dt.date.today()
    days = dt.timedelta(days=1)
    pupils = list(school.pupils.filter(year_group=10, send_status="none", looked_after=False)[:3])
    for pupil in pupils:
        pupil.needs_assessed_on = today - 40 * days
        pupil.save()
        entry_add(
            pupil=pupil,
            kind="internal_intervention",
            occurred_on=today - 90 * days,
            summary="Weekly mentoring with the learning mentor",
            impact="Attendance rose from 81% to 84%, then fell back",
            by=ap,
        )
        entry_add(
            pupil=pupil,
            kind="external_agency",
            occurred_on=today - 60 * days,
            summary="Referral to the educational psychology service",
            agency="educational_psychology",
            impact="Assessment completed; recommendations on small-group work",
            by=sendco,
        )
        entry_add(
            pupil=pupil,
            kind="meeting",
            occurred_on=today - 45 * days,
            summary="Review meeting with the pupil and parents",
            by=ap,
        )
    waiting, agreed = pupils[0], pupils[1]
    referral = referrals.referral_create(
        pupil=waiting,
        reasons=["exclusion_risk", "academic_social_demands"],
        other_reason="",
        route="school_directed",
        by=ap,
    )
    referrals.referral_submit(referral=referral, by=ap)
    referral = referrals.referral_create(
        pupil=agreed,
        reasons=["wider_curriculum"],
        other_reason="",
        route="school_directed",
        by=ap,
    )
    referrals.referral_submit(referral=referral, by=ap)
    referrals.referral_decide(
        referral=referral,
        decision="approved",
        rationale="Mentoring and EP advice have not re-engaged him; a vocational course will.",
        by=head,
    )
    referrals.meeting_record(
        referral=referral,
        by=ap,
        data={
            "held_on": today - 5 * days,
            "attendees": f"{head}, Headteacher\n{ap}, AP Lead\nParent\nPupil",
            "pupil_attended": True,
            "parents_attended": True,
            "reasons_explained": "Explained the chronology and what the placement is for",
            "pupil_views": "Keen on the motor vehicle course",
            "parent_views": "Supportive; asked about transport",
        },
    )
    referrals.agreement_record(
        referral=referral,
        by=ap,
        data={
            "responsibilities": "School: transport and pastoral contact. Provider: teaching and daily attendance.",
            "contact_timescales": "Weekly call between the AP Lead and the provider; fortnightly call home",
            "safeguarding_route": "The provider phones the school's DSL the same day",
            "maximum_weeks": 12,
            "response": "agreed",
            "responded_on": today - 4 * days,
        },
    )
    start = SchoolCalendar.for_school(school).nth_school_day(today, 15)
    placement = Placement.objects.create(
        referral=referral,
        provider=providers[0],
        start_date=start,
        planned_end_date=start + 10 * 7 * days,
        weekly_cost=240,
        created_by=ap,
    )
    for day in (0, 2, 3):
        placement.sessions.create(day=day, starts_at=dt.time(9, 15), ends_at=dt.time(12, 15))
