"""Rows for the list pages, n at a time, each with a name the page must show (so a count is
never taken of an empty page). Built with tests/factories.py and the existing helpers."""

import datetime as dt

from django.utils import timezone

from altprov.api.services import client_create
from altprov.attendance.models import FollowUp
from altprov.authz.permissions import Role
from altprov.budgets.rules import financial_year
from altprov.budgets.services import budget_propose
from altprov.placements.models import Placement, PlacementRecords
from altprov.referrals.models import Referral
from altprov.staff.models import RoleInvitation
from tests.duties.helpers import attending as attending_placement
from tests.factories import complete_audit, make_provider, make_pupil, make_school, make_user
from tests.placements.test_placement import agreed_referral
from tests.suspensions.helpers import suspend

START = dt.date(2026, 10, 5)
# The day the other lists are counted on (a Tuesday of term: the placements attend, the
# suspensions are current); tests/queries/test_lists.py travels to it.
TODAY = dt.date(2026, 11, 3)


def pupils(world, n: int, school=None) -> list[str]:
    school = school or world.school_a1
    made = [
        make_pupil(school, first_name=f"Listed{i:02d}", last_name=f"Rowpupil{i:02d}")
        for i in range(n)
    ]
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
    """Providers of trust A, unregistered and registered (the first unregistered, so that even
    one row reads the pupils placed there), the last audited by school A1."""
    made = [
        make_provider(
            world.trust_a,
            f"Rowprovider {i:02d}",
            registration_status="registered" if i % 2 else "unregistered",
        )
        for i in range(n)
    ]
    complete_audit(made[-1], world.school_a1, by=world.users[Role.AP_LEAD])
    return [p.name for p in made]


def schools(world, n: int) -> list[str]:
    made = [make_school(world.trust_a, f"Rowschool {i:02d}") for i in range(n)]
    return [s.name for s in made]


def unaudited_providers(world, n: int) -> list[str]:
    """Providers of trust A with no audit: every one is due for an audit (R-5.6)."""
    return [make_provider(world.trust_a, f"Rowunaudited {i:02d}").name for i in range(n)]


def suspensions(world, n: int) -> list[str]:
    """A current suspension of each of `n` new pupils of school A1 (R-10.3)."""
    names = pupils(world, n)
    for pupil in world.school_a1.pupils.filter(last_name__in=names):
        suspend(world, TODAY, 3, pupil=pupil)
    return names


def attending(world, n: int, provider=None, *, days=(0, 1, 2, 3, 4)) -> list:
    """Attending placements of `n` new pupils of school A1 (at one provider, or one each), with a
    morning session on each of `days`."""
    names = pupils(world, n)
    made = []
    for pupil in world.school_a1.pupils.filter(last_name__in=names).order_by("last_name"):
        placement = attending_placement(world, pupil, provider)
        for day in days:
            placement.sessions.create(day=day, starts_at=dt.time(9), ends_at=dt.time(12))
        made.append(placement)
    return made


def attending_names(world, n: int) -> list[str]:
    return [p.referral.pupil.last_name for p in attending(world, n)]


def pastoral(world, n: int) -> list[str]:
    """Attending placements whose pastoral contact is school A1's SENDCo (R-10.4)."""
    made = attending(world, n)
    PlacementRecords.objects.bulk_create(
        PlacementRecords(placement=p, pastoral_contact=world.users[Role.SENDCO]) for p in made
    )
    return [p.referral.pupil.last_name for p in made]


def portal(world, n: int) -> list[str]:
    """Placements at one provider with a session every weekday, and a user of the provider."""
    world.provider = make_provider(world.trust_a, "Rowportal Centre")
    world.provider_user = make_user(full_name="Pat Provider", provider=world.provider)
    made = attending(world, n, world.provider)
    return [p.referral.pupil.provider_name for p in made]


def api_clients(world, n: int) -> list[str]:
    by = world.users[Role.TRUST_ADMINISTRATOR]
    names = [f"Rowclient {i:02d}" for i in range(n)]
    for name in names:
        client_create(
            trust=world.trust_a,
            name=name,
            school=None,
            access="read",
            expires_on=TODAY + dt.timedelta(days=90),
            by=by,
            today=TODAY,
        )
    return names


def invitations(world, n: int) -> list[str]:
    """Role invitations waiting for the no-roles person, one in each of `n` new schools."""
    made = [make_school(world.trust_a, f"Rowinvite {i:02d}") for i in range(n)]
    for school in made:
        RoleInvitation.objects.create(
            user=world.no_roles,
            email=world.no_roles.email,
            full_name=world.no_roles.full_name,
            role=Role.AP_LEAD,
            trust=world.trust_a,
            school=school,
            invited_by=world.users[Role.TRUST_ADMINISTRATOR],
        )
    return [s.name for s in made]


# The home page ("what needs your attention", issue 10 P1): n things for a role to attend to in
# school A1, each naming a new pupil (the name the page must show).


def decisions(world, n: int) -> list[str]:
    """Referrals put to the Headteacher: each waits for their decision."""
    return referrals(world, n, waiting_decision=True)


def consultations(world, n: int) -> list[str]:
    """Draft referrals of looked-after pupils: the DSL's view is needed on each (section 8)."""
    names = pupils(world, n)
    world.school_a1.pupils.filter(last_name__in=names).update(looked_after=True)
    referrals_of(world, names)
    return names


def referrals_of(world, names: list[str]) -> None:
    for pupil in world.school_a1.pupils.filter(last_name__in=names):
        Referral.objects.create(
            pupil=pupil,
            school=pupil.school,
            reasons=["wider_curriculum"],
            route="school_directed",
            created_by=world.users[Role.AP_LEAD],
        )


def follow_ups(world, n: int) -> list[str]:
    """Attending placements each with an unauthorised absence to follow up: a duty of the AP Lead
    and the Attendance Lead (R-10.6)."""
    made = attending(world, n, days=())
    FollowUp.objects.bulk_create(
        FollowUp(placement=p, absence_date=TODAY - dt.timedelta(days=1), reason="Unauthorised")
        for p in made
    )
    return [p.referral.pupil.last_name for p in made]


def budget_waiting(world, n: int) -> list[str]:
    """A budget proposal waiting for the Trust Executive, beside `n` placements with absences to
    follow up (which are not theirs to see)."""
    follow_ups(world, n)
    budget_propose(
        school=world.school_a1,
        year=financial_year(TODAY),
        amount=1000,
        by=world.users[Role.HEADTEACHER],
    )
    return ["Approve or return"]
