import datetime as dt

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from altprov.suspensions.services import suspension_record
from tests.factories import make_provider
from tests.placements.test_placement import agreed_referral


def suspend(world, first_day, days, pupil=None, **fields):
    """A suspension of the world's pupil decided by the Headteacher and recorded by the AP Lead."""
    fields.setdefault("reason", "Persistent disruptive behaviour")
    return suspension_record(
        pupil=pupil or world.pupil_a1,
        first_day=first_day,
        school_days=days,
        decided_by=world.users[Role.HEADTEACHER],
        by=world.users[Role.AP_LEAD],
        **fields,
    )


def suspension_placement(world, pupil, start: dt.date, *, route="suspension", started=False):
    """A placement of `pupil` by `route` starting on `start` (planned, or started that day)."""
    referral = agreed_referral(world, pupil)
    referral.route = route
    referral.save()
    return Placement.objects.create(
        referral=referral,
        provider=make_provider(pupil.school.trust),
        start_date=start,
        planned_end_date=start + dt.timedelta(weeks=2),
        status=Placement.Status.ACTIVE if started else Placement.Status.PLANNED,
        started_on=start if started else None,
        created_by=world.users[Role.AP_LEAD],
    )
