import datetime as dt
import itertools
from decimal import Decimal

from altprov.authz.permissions import Role
from altprov.budgets import services
from altprov.budgets.rules import financial_year
from altprov.organisations.models import TrustSettings
from altprov.placements.models import Placement, PlacementSession
from tests.factories import make_provider, make_pupil
from tests.placements.test_placement import agreed_referral

_names = itertools.count(1)


def placement(
    world,
    start: dt.date,
    end: dt.date,
    *,
    weekly: str = "500",
    days=(0, 1, 2, 3, 4),
    school=None,
    status: str = "planned",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    provider=None,
):
    """A placement of a new pupil of `school` (A1) with one session on each of `days`."""
    school = school or world.school_a1
    pupil = make_pupil(school, first_name=f"Budget{next(_names)}", last_name="Pupil")
    made = Placement.objects.create(
        referral=agreed_referral(world, pupil),
        provider=provider or make_provider(school.trust),
        start_date=start,
        planned_end_date=end,
        weekly_cost=Decimal(weekly),
        status=status,
        started_on=started_on or (start if status != "planned" else None),
        ended_on=ended_on,
        created_by=world.users[Role.AP_LEAD],
    )
    for day in days:
        PlacementSession.objects.create(
            placement=made, day=day, starts_at=dt.time(9), ends_at=dt.time(12)
        )
    return made


def approved_budget(world, amount: str, year_of: dt.date, school=None, first_month: int = 9):
    school = school or world.school_a1
    proposal = services.budget_propose(
        school=school,
        year=financial_year(year_of, first_month),
        amount=Decimal(amount),
        by=world.users[Role.HEADTEACHER],
    )
    return services.budget_approve(proposal=proposal, by=world.users[Role.TRUST_EXECUTIVE])


def set_first_month(trust, month: int) -> None:
    TrustSettings.objects.update_or_create(
        trust=trust, defaults={"financial_year_start_month": month}
    )
