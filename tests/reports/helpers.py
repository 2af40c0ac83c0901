"""Placements for the report tests, made directly (no journey): a pupil, an approved referral
with its route, a placement at a provider with its status, dates and weekly pattern."""

import datetime as dt

from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.placements.models import Placement, PlacementSession
from altprov.referrals.models import Referral
from tests.factories import make_pupil

TODAY = dt.date.today()


def placement(
    world,
    school,
    provider,
    *,
    pupil=None,
    route="school_directed",
    status=Placement.Status.ACTIVE,
    start=dt.date(2026, 9, 7),
    end=None,
    ended_on=None,
    hours=0,
    sole=False,
    setting_type="",
    main_reason="",
    first_name="Reportpupil",
):
    pupil = pupil or make_pupil(school, first_name=first_name, last_name="Counted")
    referral = Referral.objects.create(
        pupil=pupil,
        school=school,
        reasons=["wider_curriculum"],
        route=route,
        created_by=world.users[Role.AP_LEAD],
        submitted_at=timezone.now(),
        decision="approved",
        rationale="Needed",
        decided_at=timezone.now(),
    )
    made = Placement.objects.create(
        referral=referral,
        provider=provider,
        start_date=start,
        planned_end_date=end or start + dt.timedelta(days=300),
        status=status,
        started_on=start if status != Placement.Status.PLANNED else None,
        ended_on=ended_on,
        end_reason="reintegrated" if ended_on else "",
        sole_provision=sole,
        census_setting_type=setting_type,
        census_main_reason=main_reason,
        created_by=world.users[Role.AP_LEAD],
    )
    day = 0
    remaining = hours
    while remaining > 0:
        length = min(remaining, 6)
        end_time = dt.time(9 + int(length), 30 if length % 1 else 0)
        PlacementSession.objects.create(
            placement=made, day=day, starts_at=dt.time(9), ends_at=end_time
        )
        remaining -= length
        day += 1
    return made
