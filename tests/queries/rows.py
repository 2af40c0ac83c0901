"""Rows for the list pages, n at a time, each with a name the page must show (so a count is
never taken of an empty page). Built with tests/factories.py and the existing helpers."""

import datetime as dt

from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from altprov.referrals.models import Referral
from tests.factories import complete_audit, make_provider, make_pupil
from tests.placements.test_placement import agreed_referral

START = dt.date(2026, 10, 5)


def pupils(world, n: int, school=None) -> list[str]:
    school = school or world.school_a1
    made = [make_pupil(school, first_name="Listed", last_name=f"Rowpupil{i:02d}") for i in range(n)]
    return [p.last_name for p in made]


def referrals(world, n: int, *, waiting_decision: bool = False) -> list[str]:
    """Referrals of new pupils of school A1: drafts, or put to the Headteacher and waiting."""
    names = pupils(world, n)
    for pupil in world.school_a1.pupils.filter(last_name__in=names):
        Referral.objects.create(
            pupil=pupil,
            school=pupil.school,
            reasons=["wider_curriculum"],
            route="school_directed",
            created_by=world.users[Role.AP_LEAD],
            submitted_at=timezone.now() if waiting_decision else None,
        )
    return names


def placements(world, n: int) -> list[str]:
    """Planned placements of new pupils of school A1 at one provider, each with a session."""
    provider = make_provider(world.trust_a, "Rowplace Centre")
    names = pupils(world, n)
    for pupil in world.school_a1.pupils.filter(last_name__in=names):
        placement = Placement.objects.create(
            referral=agreed_referral(world, pupil),
            provider=provider,
            start_date=START,
            planned_end_date=START + dt.timedelta(weeks=4),
            created_by=world.users[Role.AP_LEAD],
        )
        placement.sessions.create(day=0, starts_at=dt.time(9), ends_at=dt.time(12))
    return names


def providers(world, n: int) -> list[str]:
    """Providers of trust A, registered and not, the last audited by school A1."""
    made = [
        make_provider(
            world.trust_a,
            f"Rowprovider {i:02d}",
            registration_status="unregistered" if i % 2 else "registered",
        )
        for i in range(n)
    ]
    complete_audit(made[-1], world.school_a1, by=world.users[Role.AP_LEAD])
    return [p.name for p in made]
